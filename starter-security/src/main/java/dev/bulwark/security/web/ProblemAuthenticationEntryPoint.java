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
 * verified because the identity provider is unavailable is answered with {@code Retry-After}, and 401 or 503 as
 * configured.
 */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ProblemDetailsSupport problems;

	private final HttpStatus issuerUnavailable;

	/**
	 * @param problems writes the problem
	 * @param issuerUnavailable the status of a well-formed token that cannot be verified while its issuer is
	 * unavailable: 401 or 503
	 */
	public ProblemAuthenticationEntryPoint(ProblemDetailsSupport problems, HttpStatus issuerUnavailable) {
		this.problems = problems;
		this.issuerUnavailable = issuerUnavailable;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (IssuerUnavailableException.isCauseOf(authException)) {
			// a well-formed token that cannot be verified now: the identity provider is unavailable, not the token bad
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(IssuerUnavailableException.RETRY_AFTER_SECONDS));
			if (this.issuerUnavailable == HttpStatus.UNAUTHORIZED) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			}
			this.problems.write(this.issuerUnavailable, "The bearer token cannot be verified now; retry shortly.",
					request, response);
			return;
		}
		boolean tokenRefused = authException instanceof OAuth2AuthenticationException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenRefused ? "Bearer error=\"invalid_token\"" : "Bearer");
		this.problems.write(HttpStatus.UNAUTHORIZED,
				tokenRefused ? "The bearer token is not valid." : "A bearer token is required.", request, response);
	}

}
