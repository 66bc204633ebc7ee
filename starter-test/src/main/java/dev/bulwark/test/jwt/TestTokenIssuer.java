package dev.bulwark.test.jwt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for tests: real RSA and EC keys, a real JWKS endpoint on a loopback port (which counts how often
 * it is fetched and can rotate its keys), and tokens minted with any claims. {@link #properties(TestTokenIssuer)}
 * gives the Spring Boot properties that point a service at it.
 */
public final class TestTokenIssuer implements AutoCloseable {

	public static final String ISSUER = "https://issuer.test";

	public static final String AUDIENCE = "orders-api";

	private final HttpServer server;

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile List<JWK> published;

	public final RSAKey rsa;

	public final ECKey ec;

	public TestTokenIssuer() throws IOException, JOSEException {
		this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		this.published = List.of(this.rsa.toPublicJWK(), this.ec.toPublicJWK());
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/jwks", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] body = new JWKSet(this.published).toString(true).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	/**
	 * @return a started issuer, for static fields
	 */
	public static TestTokenIssuer startUnchecked() {
		try {
			return new TestTokenIssuer();
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
	}

	public int fetches() {
		return this.fetches.get();
	}

	/**
	 * Publishes these keys instead of the current ones.
	 * @param keys the new key set
	 */
	public void publish(JWK... keys) {
		this.published = List.of(keys).stream().map(JWK::toPublicJWK).toList();
	}

	/**
	 * @param scope the scope claim
	 * @return a valid RS256 token for subject "alice"
	 */
	public String token(String scope) {
		return rs256((claims) -> claims.claim("scope", scope));
	}

	public String rs256(Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(this.rsa, JWSAlgorithm.RS256, customizer);
	}

	public String es256(Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(this.ec, JWSAlgorithm.ES256, customizer);
	}

	public String sign(JWK key, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> customizer) {
		try {
			JWSSigner signer = (key instanceof RSAKey rsaKey) ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
			return sign(signer, new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					customizer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String sign(JWSSigner signer, JWSHeader header, Consumer<JWTClaimsSet.Builder> customizer) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims(customizer));
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("alice")
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
		customizer.accept(claims);
		return claims.build();
	}

	public static Map<String, String> properties(TestTokenIssuer issuer) {
		return Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwksUri(),
				"spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
				"spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
