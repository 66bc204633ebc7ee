package dev.bulwark.security.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.bulwark.core.problem.ProblemDetailsSupport;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 as a problem with the RFC 6750 {@code insufficient_scope} challenge, naming no rule or scope.
 */
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemDetailsSupport problems;

	public ProblemAccessDeniedHandler(ProblemDetailsSupport problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		this.problems.write(HttpStatus.FORBIDDEN, "The token does not grant access to this resource.", request,
				response);
	}

}
