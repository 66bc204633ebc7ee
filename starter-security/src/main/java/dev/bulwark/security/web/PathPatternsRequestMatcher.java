package dev.bulwark.security.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches requests with any of a list of path patterns (and, if given, any of a list of methods) as Spring Security's
 * {@link PathPatternRequestMatcher}s do, with the patterns that are plain paths (no wildcard, variable or escape)
 * looked up in a set: on a path without an escaped character or a path parameter, such a pattern matches exactly
 * that path. Every other pattern, and every path with {@code %} or {@code ;} (which the patterns match decoded), is
 * matched by Spring Security's matchers. The access rules are tried in order for every request, and Spring's
 * matchers walk each pattern element by element.
 */
public final class PathPatternsRequestMatcher implements RequestMatcher {

	private final Set<String> literalPaths = new HashSet<>();

	private final Set<String> methods = new HashSet<>();

	private final RequestMatcher patterns;

	private final RequestMatcher all;

	/**
	 * @param paths path patterns, as {@link PathPatternRequestMatcher} takes them
	 * @param methods HTTP methods, in any case; empty for any method
	 */
	public PathPatternsRequestMatcher(List<String> paths, List<String> methods) {
		this(PathPatternRequestMatcher.withDefaults(), "", paths, methods);
	}

	/**
	 * @param builder Spring Security's builder of path matchers, with the servlet path of Spring MVC's
	 * DispatcherServlet as its base path (the bean Spring Boot defines)
	 * @param basePath that base path ({@code spring.mvc.servlet.path}), empty for none
	 * @param paths path patterns, as {@link PathPatternRequestMatcher} takes them, relative to the base path
	 * @param methods HTTP methods, in any case; empty for any method
	 */
	public PathPatternsRequestMatcher(PathPatternRequestMatcher.Builder builder, String basePath, List<String> paths,
			List<String> methods) {
		List<RequestMatcher> all = new ArrayList<>();
		List<RequestMatcher> patterns = new ArrayList<>();
		for (String path : paths) {
			List<RequestMatcher> matchers = matchers(builder, path, methods);
			all.addAll(matchers);
			if (isPlainPath(path)) {
				this.literalPaths.add(basePath + path);
			}
			else {
				patterns.addAll(matchers);
			}
		}
		methods.forEach((method) -> this.methods.add(method.toUpperCase(Locale.ROOT)));
		this.all = new OrRequestMatcher(all);
		this.patterns = patterns.isEmpty() ? (request) -> false : new OrRequestMatcher(patterns);
	}

	private static List<RequestMatcher> matchers(PathPatternRequestMatcher.Builder builder, String path,
			List<String> methods) {
		if (methods.isEmpty()) {
			return List.of(builder.matcher(path));
		}
		return methods.stream()
			.map((method) -> (RequestMatcher) builder.matcher(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
					path))
			.toList();
	}

	/**
	 * @param pattern a path pattern
	 * @return whether it has no wildcard, variable, escape or path parameter, so that on a path without escapes or
	 * parameters it matches exactly that path
	 */
	private static boolean isPlainPath(String pattern) {
		if (!pattern.startsWith("/") || pattern.contains("//")) {
			return false;
		}
		for (int i = 0; i < pattern.length(); i++) {
			switch (pattern.charAt(i)) {
				case '*', '?', '{', '}', '\\', '%', ';' -> {
					return false;
				}
				default -> {
				}
			}
		}
		return true;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		// the path Spring Security's matchers see, which Spring's ServletRequestPathFilter parsed in front of the chain
		if (!(request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE) instanceof RequestPath parsed)) {
			return this.all.matches(request);
		}
		// the path after the context path, servlet path included, as Spring Security's matchers take it
		String path = parsed.subPath(parsed.contextPath().elements().size()).value();
		if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
			return this.all.matches(request);
		}
		if (this.literalPaths.contains(path) && (this.methods.isEmpty() || this.methods.contains(request.getMethod()))) {
			return true;
		}
		return this.patterns.matches(request);
	}

	@Override
	public String toString() {
		return "PathPatternsRequestMatcher " + this.all;
	}

}
