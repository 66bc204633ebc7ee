package dev.bulwark.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
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
 * The identity provider as production meets it, over real HTTP: discovery (issuer-uri only), down before the first
 * token and back, its key set down while an unknown key id arrives, and a key removed from its key set. No answer is
 * ever a 5xx by default: a well-formed token that cannot be verified is 401 with {@code Retry-After} (503 when
 * {@code bulwark.security.jwt.issuer-unavailable-status} says so), anything else is 401, and
 * the provider is asked at a bounded rate. A remembered token whose key was removed is refused once the key set is
 * fetched again, with the validated-token cache on and off.
 */
class IssuerOutageHttpTests {

	private static final StubIssuer issuer = new StubIssuer();

	private static final HttpClient client = HttpClient.newHttpClient();

	@AfterAll
	static void stop() {
		issuer.server.stop(0);
	}

	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer::url);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestTokenIssuer.AUDIENCE);
		registry.add("bulwark.security.jwt.jwks-cache-time", () -> "2s");
		registry.add("bulwark.security.jwt.jwks-min-refresh-interval", () -> "1s");
		registry.add("bulwark.security.rules[0].paths", () -> "/api/orders");
		registry.add("bulwark.security.rules[0].methods", () -> "GET");
	}

	abstract static class ProviderDownBeforeTheFirstToken {

		@LocalServerPort
		int port;

		abstract int expectedStatus();

		@Test
		void wellFormedTokensAreRefusedWithRetryAfterUntilItIsBackAndItIsAskedAtABoundedRate() throws Exception {
			issuer.reset();
			issuer.up.set(false);
			String token = issuer.token(issuer.key.get());
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> response = get(this.port, token);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus());
				assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			}
			assertThat(issuer.discoveries.get()).as("discoveries for twenty requests").isBetween(1, 2);
			int discoveries = issuer.discoveries.get();
			HttpResponse<String> garbage = get(this.port, "garbage-token");
			assertThat(garbage.statusCode()).isEqualTo(401);
			assertThat(garbage.headers().firstValue("Retry-After")).isEmpty();
			assertThat(get(this.port, new PlainJWT(TestTokenIssuer.claims((claims) -> claims.issuer(issuer.url())))
				.serialize()).statusCode()).isEqualTo(401);
			assertThat(issuer.discoveries.get()).as("a malformed token asks the provider nothing").isEqualTo(discoveries);

			issuer.up.set(true);
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
				.until(() -> get(this.port, token).statusCode() == 200);

			// the key set down while a token with an unknown key id arrives: not a 500
			issuer.keysUp.set(false);
			RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
			for (int i = 0; i < 5; i++) {
				assertThat(get(this.port, issuer.token(stranger)).statusCode()).isIn(401, expectedStatus());
			}
			issuer.keysUp.set(true);
		}

	}

	@Nested
	@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ProviderDownAnswered401 extends ProviderDownBeforeTheFirstToken {

		@DynamicPropertySource
		static void issuerProperties(DynamicPropertyRegistry registry) {
			properties(registry);
		}

		@Override
		int expectedStatus() {
			return 401;
		}

	}

	@Nested
	@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "bulwark.security.jwt.issuer-unavailable-status=service-unavailable")
	class ProviderDownAnswered503 extends ProviderDownBeforeTheFirstToken {

		@DynamicPropertySource
		static void issuerProperties(DynamicPropertyRegistry registry) {
			properties(registry);
		}

		@Override
		int expectedStatus() {
			return 503;
		}

	}

	abstract static class KeyRemoval {

		@LocalServerPort
		int port;

		@Test
		void aTokenSignedByARemovedKeyIsRefusedOnceTheKeySetIsFetchedAgain() throws Exception {
			issuer.reset();
			RSAKey old = issuer.key.get();
			String token = issuer.token(old);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
				.until(() -> get(this.port, token).statusCode() == 200);
			assertThat(get(this.port, token).statusCode()).as("accepted again").isEqualTo(200);
			RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated-" + System.nanoTime()).generate();
			issuer.key.set(rotated);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
				.until(() -> get(this.port, token).statusCode() == 401);
			assertThat(get(this.port, issuer.token(rotated)).statusCode()).isEqualTo(200);
		}

	}

	@Nested
	@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class KeyRemovalWithTheCache extends KeyRemoval {

		@DynamicPropertySource
		static void issuerProperties(DynamicPropertyRegistry registry) {
			properties(registry);
		}

	}

	@Nested
	@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "bulwark.security.jwt.cache-enabled=false")
	class KeyRemovalWithoutTheCache extends KeyRemoval {

		@DynamicPropertySource
		static void issuerProperties(DynamicPropertyRegistry registry) {
			properties(registry);
		}

	}

	private static HttpResponse<String> get(int port, String token) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
			.header("Authorization", "Bearer " + token)
			.build(), BodyHandlers.ofString());
	}

	/**
	 * An OpenID provider's discovery document and key set, each of which can be taken down.
	 */
	static final class StubIssuer {

		final HttpServer server;

		final AtomicBoolean up = new AtomicBoolean(true);

		final AtomicBoolean keysUp = new AtomicBoolean(true);

		final AtomicInteger discoveries = new AtomicInteger();

		final AtomicReference<RSAKey> key = new AtomicReference<>();

		StubIssuer() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/.well-known/openid-configuration", (exchange) -> {
				this.discoveries.incrementAndGet();
				respond(exchange, this.up.get(), "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\"}");
			});
			this.server.createContext("/jwks", (exchange) -> respond(exchange, this.up.get() && this.keysUp.get(),
					new JWKSet(this.key.get().toPublicJWK()).toString()));
			this.server.start();
			reset();
		}

		void reset() {
			try {
				this.key.set(new RSAKeyGenerator(2048).keyID("key-" + System.nanoTime()).generate());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			this.up.set(true);
			this.keysUp.set(true);
			this.discoveries.set(0);
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		String token(RSAKey key) throws Exception {
			return TestTokenIssuer.sign(new RSASSASigner(key),
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					(claims) -> claims.issuer(url()).claim("scope", List.of("orders:read")));
		}

		private static void respond(HttpExchange exchange, boolean up, String body) throws IOException {
			byte[] bytes = (up ? body : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		}

	}

}
