package dev.bulwark.security.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests reach Boot's matcher of actuator endpoints: those whose path could be an endpoint's. The HTTP
 * answers (the management role asked for, an escaped path decoded as Spring MVC decodes it) are proved in
 * {@code JwtValidationHttpTests}.
 */
class BasePathEndpointRequestMatcherTests {

	private final List<String> asked = new ArrayList<>();

	/** Stands in for Boot's matcher: says yes to every path it is asked about, and records it. */
	private final RequestMatcher endpoints = (request) -> this.asked.add(request.getRequestURI());

	@Test
	void pathsWithoutTheBasePathAreNoEndpointsWithoutAskingTheDelegate() {
		BasePathEndpointRequestMatcher matcher = new BasePathEndpointRequestMatcher(this.endpoints, () -> "/actuator");
		assertThat(matcher.matches(parsed("", "/api/orders"))).isFalse();
		assertThat(matcher.matches(parsed("", "/"))).isFalse();
		assertThat(matcher.matches(parsed("", "/actuato/health"))).isFalse();
		assertThat(this.asked).isEmpty();
	}

	@Test
	void pathsThatHoldTheBasePathAnywhereAreTheDelegatesToAnswer() {
		BasePathEndpointRequestMatcher matcher = new BasePathEndpointRequestMatcher(this.endpoints, () -> "/actuator");
		// the links, an endpoint, and the same behind a servlet path or a context path
		for (String[] path : new String[][] { { "", "/actuator" }, { "", "/actuator/health" },
				{ "", "/api/actuator/env" }, { "/shop", "/shop/actuator/loggers" } }) {
			assertThat(matcher.matches(parsed(path[0], path[1]))).isTrue();
		}
		assertThat(this.asked).containsExactly("/actuator", "/actuator/health", "/api/actuator/env",
				"/shop/actuator/loggers");
	}

	@Test
	void escapedCharactersAndPathParametersAreTheDelegatesToDecode() {
		BasePathEndpointRequestMatcher matcher = new BasePathEndpointRequestMatcher(this.endpoints, () -> "/actuator");
		assertThat(matcher.matches(parsed("", "/%61ctuator/env"))).isTrue();
		assertThat(matcher.matches(parsed("", "/act;x=1uator/env"))).isTrue();
		assertThat(this.asked).containsExactly("/%61ctuator/env", "/act;x=1uator/env");
	}

	@Test
	void withoutAParsedPathOrABasePathEveryRequestIsTheDelegates() {
		BasePathEndpointRequestMatcher matcher = new BasePathEndpointRequestMatcher(this.endpoints, () -> "/actuator");
		MockHttpServletRequest unparsed = new MockHttpServletRequest("GET", "/api/orders");
		assertThat(matcher.matches(unparsed)).isTrue();
		BasePathEndpointRequestMatcher atTheRoot = new BasePathEndpointRequestMatcher(this.endpoints, () -> "");
		assertThat(atTheRoot.matches(parsed("", "/api/orders"))).isTrue();
		assertThat(this.asked).containsExactly("/api/orders", "/api/orders");
	}

	@Test
	void theBasePathIsAskedForOnce() {
		List<String> supplied = new ArrayList<>();
		BasePathEndpointRequestMatcher matcher = new BasePathEndpointRequestMatcher(this.endpoints, () -> {
			supplied.add("/actuator");
			return "/actuator";
		});
		matcher.matches(parsed("", "/api/orders"));
		matcher.matches(parsed("", "/actuator/health"));
		assertThat(supplied).hasSize(1);
	}

	private static MockHttpServletRequest parsed(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		ServletRequestPathUtils.parseAndCache(request);
		return request;
	}

}
