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
	 * @return the issuer the sample's tests trust
	 */
	public static TestTokenIssuer issuer() {
		return issuer;
	}

	/**
	 * @return the properties that point a service at the test issuer, for a service started by hand
	 */
	public static java.util.Map<String, String> properties() {
		return TestTokenIssuer.properties(issuer);
	}

	/**
	 * @param request a request to the service
	 * @return the request with a back office's bearer token: it may read and place any customer's orders
	 */
	// tag::authorized[]
	public static HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return request.header("Authorization", "Bearer " + issuer.token("orders:read orders:write orders:admin"));
	}
	// end::authorized[]

	/**
	 * @param customer the customer the token names (its subject)
	 * @param scope the scopes the token grants
	 * @return a customer's token: it sees only that customer's orders
	 */
	public static String customerToken(String customer, String scope) {
		return issuer.rs256((claims) -> claims.subject(customer).claim("scope", scope));
	}

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
