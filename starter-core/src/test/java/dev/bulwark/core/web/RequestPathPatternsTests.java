package dev.bulwark.core.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RequestPathPatterns} answers as Spring's {@link PathPattern}s do on the path Spring MVC parses, for every
 * pattern list, path spelling, context path and servlet mapping below, whether or not the path was parsed already.
 */
class RequestPathPatternsTests {

	private static final List<List<String>> PATTERN_LISTS = List.of(List.of("/api/orders"),
			List.of("/api/orders", "/api/orders/**"), List.of("/health", "/ready", "/metrics", "/actuator/**"),
			List.of("/api/orders/{id}"), List.of("/api/orders/"), List.of("/api/ord%65rs"), List.of("/api/*/items"),
			List.of("/API/orders"), List.of("/**"));

	private static final List<String> PATHS = List.of("/api/orders", "/api/orders/", "/api/ord%65rs", "/api/%6Frders",
			"/api/orders;v=1", "/api;a=b/orders", "/api/orders/7", "/api/orders/7;x=1", "/api/orders/%37",
			"/api/./orders", "/api/x/../orders", "/api//orders", "/API/orders", "/api/Orders", "/api/orders/7/items",
			"/api/orders%2F7", "/api/orders/a%20b", "/health", "/health/", "/actuator", "/actuator/", "/actuator/health",
			"/%61ctuator/prometheus", "/metrics;jsessionid=1", "/", "");

	@Test
	void matchesAsSpringsPathPatternsOnThePathSpringMvcParses() {
		List<String> differences = new ArrayList<>();
		for (List<String> patterns : PATTERN_LISTS) {
			RequestPathPatterns set = RequestPathPatterns.of(patterns);
			List<PathPattern> parsed = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
			for (String contextPath : List.of("", "/shop")) {
				for (String servletPath : List.of("", "/mvc")) {
					for (String path : PATHS) {
						MockHttpServletRequest request = request(contextPath, servletPath, path);
						boolean expected = parsed.stream()
							.anyMatch((pattern) -> pattern
								.matches(ServletRequestPathUtils.parseAndCache(request).pathWithinApplication()));
						ServletRequestPathUtils.clearParsedRequestPath(request);
						if (set.matches(request) != expected) {
							differences.add(patterns + " " + contextPath + "|" + servletPath + "|" + path);
						}
						assertThat(ServletRequestPathUtils.hasParsedRequestPath(request))
							.as("the request is left as it was").isFalse();
					}
				}
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void everySpellingThatReachesAHandlerMatchesItsPattern() {
		RequestPathPatterns orders = RequestPathPatterns.of(List.of("/api/orders", "/api/orders/**"));
		for (String path : List.of("/api/orders", "/api/ord%65rs", "/api/orders;v=1", "/api;a=b/orders", "/api/orders/7",
				"/api/orders/%37")) {
			assertThat(orders.matches(request("", "", path))).as(path).isTrue();
		}
		assertThat(orders.matches(request("", "", "/API/orders"))).as("paths are case-sensitive, as routes").isFalse();
		assertThat(orders.matches(request("/shop", "", "/api/orders"))).as("within the context path").isTrue();
		assertThat(orders.matches(request("", "/mvc", "/api/orders"))).as("within a path-mapped servlet").isTrue();
	}

	@Test
	void aPathAlreadyParsedForTheDispatchIsTheOneMatched() {
		MockHttpServletRequest request = request("", "", "/api/orders");
		ServletRequestPathUtils.parseAndCache(request);
		request.setRequestURI("/elsewhere");
		assertThat(RequestPathPatterns.of(List.of("/api/orders")).matches(request)).isTrue();
	}

	@Test
	void aMalformedPatternIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> RequestPathPatterns.of(List.of("/api/{id")));
	}

	private static MockHttpServletRequest request(String contextPath, String servletPath, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + servletPath + path);
		request.setContextPath(contextPath);
		request.setServletPath(servletPath);
		if (!servletPath.isEmpty()) {
			request.setHttpServletMapping(new MockHttpServletMapping(path, servletPath + "/*", "dispatcherServlet",
					MappingMatch.PATH));
		}
		return request;
	}

}
