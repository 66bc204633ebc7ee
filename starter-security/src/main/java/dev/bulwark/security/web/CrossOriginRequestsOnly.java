package dev.bulwark.security.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Asks the application's CORS configuration (Spring MVC's mappings or a {@code corsConfigurationSource} bean) only
 * about requests that carry an {@code Origin} header. Spring's CORS processor ignores the configuration of any other
 * request, but Spring MVC's source finds it by running the handler mappings, for every request: 6% of the CPU of
 * the benchmark's service (docs/performance.md).
 */
public final class CrossOriginRequestsOnly implements CorsConfigurationSource {

	private final CorsConfigurationSource delegate;

	public CrossOriginRequestsOnly(CorsConfigurationSource delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		if (request.getHeader(HttpHeaders.ORIGIN) == null) {
			return null;
		}
		return this.delegate.getCorsConfiguration(request);
	}

}
