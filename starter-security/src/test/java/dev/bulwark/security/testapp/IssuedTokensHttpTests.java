package dev.bulwark.security.testapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

import org.jspecify.annotations.Nullable;

import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the HTTP tests of {@link SecurityTestApplication} share: one token issuer with a real JWKS endpoint for the
 * whole run (never changed by a test; a test that rotates keys has an issuer of its own), the service configured to
 * trust it, and a client.
 */
public abstract class IssuedTokensHttpTests {

	protected static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	protected static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void trustTheIssuer(DynamicPropertyRegistry registry) {
		TestTokenIssuer.properties(issuer).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * @param method the request's method
	 * @param path its path, as sent
	 * @param token a bearer token, or {@code null} for none
	 * @return the answer's status
	 */
	protected int status(String method, String path, @Nullable String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), BodyHandlers.discarding()).statusCode();
	}

}
