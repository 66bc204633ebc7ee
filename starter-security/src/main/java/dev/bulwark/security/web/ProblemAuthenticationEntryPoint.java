package dev.bulwark.security.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.security.jwt.IssuerUnavailableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 as a problem with the RFC 6750 {@code WWW-Authenticate} challenge. Neither says why a token was refused
 * (expired, wrong issuer, bad signature): that would help an attacker, not a client. A token that could not be
 * verified because the identity provider is unavailable is 503 with {@code Retry-After}.
 */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ProblemDetailsSupport problems;

	public ProblemAuthenticationEntryPoint(ProblemDetailsSupport problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (IssuerUnavailableException.isCauseOf(authException)) {
			// a well-formed token that cannot be verified now: the identity provider is unavailable, not the token bad
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(IssuerUnavailableException.RETRY_AFTER_SECONDS));
			this.problems.write(HttpStatus.SERVICE_UNAVAILABLE, "The bearer token cannot be verified now; retry shortly.",
					request, response);
			return;
		}
		boolean tokenRefused = authException instanceof OAuth2AuthenticationException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenRefused ? "Bearer error=\"invalid_token\"" : "Bearer");
		this.problems.write(HttpStatus.UNAUTHORIZED,
				tokenRefused ? "The bearer token is not valid." : "A bearer token is required.", request, response);
	}

}
