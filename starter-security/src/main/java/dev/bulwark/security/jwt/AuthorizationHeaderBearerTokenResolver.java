package dev.bulwark.security.jwt;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Takes the bearer token from the Authorization header only (RFC 6750 section 2.1; never from the query string or
 * a form body), with the grammar Spring Security's {@code DefaultBearerTokenResolver} enforces: {@code Bearer},
 * one space, then a token68 ({@code [A-Za-z0-9-._~+/]+=*}); anything else that starts with "Bearer" is refused as
 * a malformed token. It checks the characters in one pass instead of a regular expression, which costs several
 * microseconds on every request with a token of a few hundred characters.
 */
public final class AuthorizationHeaderBearerTokenResolver implements BearerTokenResolver {

	private static final String SCHEME = "Bearer ";

	/**
	 * The characters of a token68, by code: the check runs over every character of every token.
	 */
	private static final boolean[] TOKEN68 = token68();

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
			return null;
		}
		if (!isCredentials(authorization)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(SCHEME.length());
	}

	private static boolean isCredentials(String authorization) {
		int length = authorization.length();
		if (length <= SCHEME.length() || authorization.charAt(SCHEME.length() - 1) != ' ') {
			return false;
		}
		int i = SCHEME.length();
		while (i < length && isToken68Character(authorization.charAt(i))) {
			i++;
		}
		if (i == SCHEME.length()) {
			return false;
		}
		while (i < length && authorization.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isToken68Character(char c) {
		return c < TOKEN68.length && TOKEN68[c];
	}

	private static boolean[] token68() {
		boolean[] token68 = new boolean[128];
		for (char c = 0; c < token68.length; c++) {
			token68[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
		}
		return token68;
	}

}
