package dev.bulwark.security.web;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.RequestPath;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Asks a matcher of actuator endpoints (Boot's {@code EndpointRequest}) only about requests whose path holds the
 * endpoints' base path ({@code management.endpoints.web.base-path}), and answers "no" for the others without it.
 * Every endpoint's path holds the base path, whatever the servlet path, context path or management port, so the
 * answer is the delegate's. A path with an escaped character or a path parameter ({@code %} or {@code ;}) goes to
 * the delegate too, since its patterns match the decoded path, and so does a request whose path Spring has not parsed
 * (the delegate's patterns match the parsed one). Boot's matcher tries each endpoint's pattern in turn:
 * for an application request, 1.4% of the CPU of the benchmark's service (docs/performance.md).
 */
public final class BasePathEndpointRequestMatcher implements RequestMatcher {

	private final RequestMatcher endpoints;

	private final Supplier<String> basePathSupplier;

	private volatile @Nullable String basePath;

	/**
	 * @param endpoints the matcher of actuator endpoints
	 * @param basePath the endpoints' base path, asked at the first request: when it is empty (endpoints at the
	 * root), every request goes to the delegate
	 */
	public BasePathEndpointRequestMatcher(RequestMatcher endpoints, Supplier<String> basePath) {
		this.endpoints = endpoints;
		this.basePathSupplier = basePath;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		String basePath = basePath();
		if (basePath.isEmpty()) {
			return this.endpoints.matches(request);
		}
		// the path the delegate's patterns see, which Spring's ServletRequestPathFilter parsed in front of the chain
		if (!(request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE) instanceof RequestPath parsed)) {
			return this.endpoints.matches(request);
		}
		String path = parsed.value();
		if (path.contains(basePath) || path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
			return this.endpoints.matches(request);
		}
		return false;
	}

	private String basePath() {
		String basePath = this.basePath;
		if (basePath == null) {
			basePath = this.basePathSupplier.get();
			this.basePath = basePath;
		}
		return basePath;
	}

	@Override
	public String toString() {
		return "BasePathEndpointRequestMatcher " + this.endpoints;
	}

}
