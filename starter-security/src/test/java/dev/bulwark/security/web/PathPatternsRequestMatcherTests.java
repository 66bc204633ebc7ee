package dev.bulwark.security.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same answers as Spring Security's path pattern matchers, over patterns of every kind, methods and paths that
 * differ from the patterns by a character, a case, a trailing slash, an escape or a path parameter.
 */
class PathPatternsRequestMatcherTests {

	private static final List<List<String>> PATTERN_LISTS = List.of(List.of("/health", "/ready", "/error", "/metrics"),
			List.of("/api/docs"), List.of("/api/**"), List.of("/orders/{id}", "/orders"), List.of("/a*", "/b?"),
			List.of("/api/", "/x//y"), List.of("/api/docs", "/api/docs/**", "/public/*.html"));

	private static final List<List<String>> METHOD_LISTS = List.of(List.of(), List.of("GET"), List.of("get", "post"));

	private static final List<String> PATHS = List.of("/", "/health", "/health/", "/Health", "/healt", "/healthz",
			"/%68ealth", "/health;x=1", "/ready", "/error", "/metrics", "/api", "/api/", "/api/docs", "/api/docs/",
			"/api/docs/x", "/api/Docs", "/api%2Fdocs", "/orders", "/orders/1", "/orders/1/2", "/a", "/abc", "/b",
			"/bc", "/bcd", "/x//y", "/x/y", "/public/index.html", "/public/a/index.html");

	private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "get");

	@Test
	void answersAsSpringSecuritysPathPatternMatchers() {
		List<String> differences = new ArrayList<>();
		int compared = 0;
		for (List<String> patterns : PATTERN_LISTS) {
			for (List<String> methods : METHOD_LISTS) {
				RequestMatcher ours = new PathPatternsRequestMatcher(patterns, methods);
				RequestMatcher springs = springs(patterns, methods);
				for (String contextPath : List.of("", "/shop")) {
					for (String path : PATHS) {
						for (String method : METHODS) {
							boolean expected = springs.matches(parsed(method, contextPath, path));
							if (ours.matches(parsed(method, contextPath, path)) != expected) {
								differences.add(method + " " + contextPath + path + " with " + patterns + " "
										+ methods + ": expected " + expected);
							}
							compared++;
						}
					}
				}
			}
		}
		assertThat(differences).isEmpty();
		assertThat(compared).isGreaterThan(5000);
	}

	@Test
	void plainPathsMatchExactlyAndPatternsStillMatch() {
		RequestMatcher matcher = new PathPatternsRequestMatcher(List.of("/health", "/api/**"), List.of());
		assertThat(matcher.matches(parsed("GET", "", "/health"))).isTrue();
		assertThat(matcher.matches(parsed("GET", "", "/health/"))).isFalse();
		assertThat(matcher.matches(parsed("GET", "", "/%68ealth"))).isTrue();
		assertThat(matcher.matches(parsed("GET", "", "/api/orders/1"))).isTrue();
		assertThat(matcher.matches(parsed("GET", "", "/orders"))).isFalse();
		// a request whose path Spring has not parsed is matched by Spring Security's matchers, which parse it
		assertThat(matcher.matches(new MockHttpServletRequest("GET", "/health"))).isTrue();
	}

	private static RequestMatcher springs(List<String> patterns, List<String> methods) {
		List<RequestMatcher> matchers = new ArrayList<>();
		for (String pattern : patterns) {
			if (methods.isEmpty()) {
				matchers.add(PathPatternRequestMatcher.withDefaults().matcher(pattern));
			}
			for (String method : methods) {
				matchers.add(PathPatternRequestMatcher.withDefaults()
					.matcher(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), pattern));
			}
		}
		return new OrRequestMatcher(matchers);
	}

	private static MockHttpServletRequest parsed(String method, String contextPath, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, contextPath + path);
		request.setContextPath(contextPath);
		ServletRequestPathUtils.parseAndCache(request);
		return request;
	}

}
