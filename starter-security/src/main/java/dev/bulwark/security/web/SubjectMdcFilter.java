package dev.bulwark.security.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the authenticated subject (never the token) into the logging MDC, under {@value #MDC_KEY}, for the rest of
 * the request.
 */
public class SubjectMdcFilter extends OncePerRequestFilter {

	/**
	 * MDC key of the subject.
	 */
	public static final String MDC_KEY = "subject";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put(MDC_KEY, authentication.getName());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

}
