package dev.bulwark.observability.logging;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bulwark.core.web.ShedRequests;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AccessLogFilterTests {

	private final AccessLogFilter filter = new AccessLogFilter(new AccessLogProperties());

	@Test
	void logsRouteTemplateStatusAndBytesButNotTheRawPathOrQuery(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/4711");
		request.setQueryString("email=ann@example.com");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/orders/{id}");
			((HttpServletResponse) res).setStatus(200);
			res.getOutputStream().write(new byte[42]);
		});
		assertThat(output).contains("GET /api/orders/{id} 200").contains("42B")
			.doesNotContain("4711")
			.doesNotContain("ann@example.com");
	}

	@Test
	void bytesWrittenThroughTheWriterAreCounted(CapturedOutput output) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/text"), response, (req, res) -> {
			res.setCharacterEncoding("UTF-8");
			res.getWriter().write("hello");
			res.flushBuffer();
		});
		assertThat(output).contains("GET UNMATCHED 200").contains("5B");
		assertThat(response.getContentAsString()).isEqualTo("hello");
	}

	@Test
	void staticResourceCatchAllIsNoRoute(CapturedOutput output) throws Exception {
		this.filter.doFilter(new MockHttpServletRequest("GET", "/favicon-probe"), new MockHttpServletResponse(),
				(req, res) -> {
					req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/**");
					((HttpServletResponse) res).setStatus(404);
				});
		assertThat(output).contains("GET UNMATCHED 404");
	}

	@Test
	void unmatchedRoutesCollapseToOneValue(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/wp-admin/secret-probe-123");
		this.filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
		assertThat(output).contains("GET UNMATCHED").doesNotContain("secret-probe-123");
	}

	@Test
	void requestsShedUnderOverloadAreNotLogged(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/shed-" + System.nanoTime());
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (shedRequest, shedResponse) -> {
			ShedRequests.mark((jakarta.servlet.http.HttpServletRequest) shedRequest);
			((jakarta.servlet.http.HttpServletResponse) shedResponse).setStatus(503);
		});
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(output).doesNotContain("GET UNMATCHED 503");
	}

	@ParameterizedTest(name = "{0} logged: {1}")
	@CsvSource({ "/health, false", "/ready, false", "/metrics, false", "/actuator/prometheus, false",
			"/actuator/health/liveness, false", "/api/orders, true", "/healthy, true", "/health/, true",
			// the path Spring MVC routes by: escaped letters and path parameters reach the probe, an empty segment not
			"/he%61lth, false", "/health;v=1, false", "//health, true" })
	void probesAndScrapesAreLeftOut(String path, boolean logged) throws Exception {
		assertThat(this.filter.shouldNotFilter(new MockHttpServletRequest("GET", path))).isEqualTo(!logged);
	}

	@Test
	void excludedPathsAreConfigurable() throws Exception {
		AccessLogProperties properties = new AccessLogProperties();
		properties.setExcludedPaths(List.of("/internal/**"));
		AccessLogFilter custom = new AccessLogFilter(properties);
		assertThat(custom.shouldNotFilter(new MockHttpServletRequest("GET", "/internal/x"))).isTrue();
		assertThat(custom.shouldNotFilter(new MockHttpServletRequest("GET", "/health"))).isFalse();
	}

}
