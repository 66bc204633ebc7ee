package dev.bulwark.sample.support;

import java.net.http.HttpRequest;

import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One token issuer for all the sample's tests, with a real JWKS endpoint, and the tokens its clients send.
 */
public final class SampleTokens {

	// tag::issuer[]
	private static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();
	// end::issuer[]

	private SampleTokens() {
	}

	/**
	 * Points the service under test at the test issuer.
	 * @param registry the test's dynamic properties
	 */
	// tag::register[]
	public static void register(DynamicPropertyRegistry registry) {
		TestTokenIssuer.properties(issuer).forEach((name, value) -> registry.add(name, () -> value));
	}
	// end::register[]

	/**
	 * @param request a request to the service
	 * @return the request with a bearer token that may read and place orders
	 */
	// tag::authorized[]
	public static HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return request.header("Authorization", "Bearer " + issuer.token("orders:read orders:write"));
	}
	// end::authorized[]

	/**
	 * @param scope the scopes the token grants
	 * @return a token for subject "alice"
	 */
	public static String token(String scope) {
		return issuer.token(scope);
	}

	/**
	 * @param role a role
	 * @return a token for subject "alice" with that role
	 */
	public static String tokenWithRole(String role) {
		return issuer.rs256((claims) -> claims.claim("roles", java.util.List.of(role)));
	}

}
