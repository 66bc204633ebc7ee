package dev.bulwark.security.jwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bearer token grammar of RFC 6750, as Spring Security's default resolver enforces it.
 */
class AuthorizationHeaderBearerTokenResolverTests {

	private final AuthorizationHeaderBearerTokenResolver resolver = new AuthorizationHeaderBearerTokenResolver();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", textBlock = """
			a JWT                    | Bearer eyJhbGciOi.eyJzdWIi.c2ln-_  | eyJhbGciOi.eyJzdWIi.c2ln-_
			scheme in lower case     | bearer abc                         | abc
			scheme in upper case     | BEARER abc                         | abc
			token68 with padding     | Bearer a+b/c~d==                   | a+b/c~d==
			another scheme           | Basic dXNlcjpwYXNz                 | -
			""")
	void resolvesTheTokenOfABearerAuthorization(String name, String header, String token) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", header);
		assertThat(this.resolver.resolve(request)).isEqualTo(token);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			no token                 | `Bearer `
			scheme alone             | Bearer
			two spaces               | `Bearer  abc`
			a space inside           | Bearer abc def
			padding in the middle    | Bearer ab=c
			character outside token68| Bearer ab*c
			tab for the space        | `Bearer\tabc`
			""")
	void refusesMalformedBearerCredentials(String name, String header) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", header.replace("\\t", "\t"));
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.resolver.resolve(request))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			no header                | GET |
			token in the query only  | GET | access_token=abc
			""")
	void takesNothingButTheHeader(String name, String method, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/orders");
		if (query != null) {
			request.setQueryString(query);
			request.addParameter("access_token", "abc");
		}
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void decidesEveryCharacterAsSpringSecuritysResolverDoes() {
		DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
		for (char c = 0; c < Character.MAX_VALUE; c++) {
			for (String header : new String[] { "Bearer a" + c + "b", "Bearer " + c, "Bearer ab=" + c }) {
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("Authorization", header);
				assertThat(outcome(this.resolver, request)).as("U+%04X in %s", (int) c, header)
					.isEqualTo(outcome(spring, request));
			}
		}
	}

	private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			return String.valueOf(resolver.resolve(request));
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused: " + ex.getError().getErrorCode();
		}
	}

}
