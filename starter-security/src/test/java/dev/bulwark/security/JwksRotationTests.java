package dev.bulwark.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.security.testapp.SecurityTestApplication;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issuer rotates its keys: new tokens are accepted, and the key set is fetched once per rotation, not once per
 * request, however many unknown key ids arrive.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.security.jwt.jwks-min-refresh-interval=2s", "bulwark.security.rules[0].paths=/api/orders",
				"bulwark.security.rules[0].methods=GET" })
class JwksRotationTests {

	private static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		TestTokenIssuer.properties(issuer).forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void rotatedKeysAreAcceptedAndTheIssuerIsNotHammered() throws Exception {
		for (int i = 0; i < 20; i++) {
			assertThat(status(issuer.token("orders:read"))).isEqualTo(200);
		}
		assertThat(issuer.fetches()).as("one fetch for twenty requests").isEqualTo(1);

		java.util.List<String> bogus = new java.util.ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bogus-" + i).generate();
			bogus.add(issuer.sign(key, JWSAlgorithm.ES256, (claims) -> claims.claim("scope", "orders:read")));
		}
		for (String token : bogus) {
			assertThat(status(token)).isEqualTo(401);
		}
		// the key set is fetched again at most twice per interval (Nimbus's rate limit), not once per unknown key id
		assertThat(issuer.fetches()).as("fetches after fifty unknown key ids").isLessThanOrEqualTo(5);

		RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
		issuer.publish(rotated, issuer.ec);
		String newToken = issuer.sign(rotated, JWSAlgorithm.RS256, (claims) -> claims.claim("scope", "orders:read"));
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
			.until(() -> status(newToken) == 200);
		int fetchesAfterRotation = issuer.fetches();
		for (int i = 0; i < 20; i++) {
			assertThat(status(newToken)).isEqualTo(200);
		}
		assertThat(issuer.fetches()).isEqualTo(fetchesAfterRotation);
		assertThat(status(issuer.token("orders:read"))).as("a token signed with the retired key").isEqualTo(401);
	}

	private int status(String token) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + token)
			.build(), BodyHandlers.discarding()).statusCode();
	}

}
