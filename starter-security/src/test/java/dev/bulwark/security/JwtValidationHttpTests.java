package dev.bulwark.security;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulwark.security.testapp.IssuedTokensHttpTests;
import dev.bulwark.security.testapp.SecurityTestApplication;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad token, over real HTTP, against a real JWKS endpoint: refused with 401 (or 403 for a missing
 * scope) as a problem that says nothing about why; valid RS256 and ES256 tokens pass.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.security.rules[0].paths=/api/orders", "bulwark.security.rules[0].methods=GET",
				"bulwark.security.rules[0].scopes=orders:read", "bulwark.security.rules[1].paths=/api/orders",
				"bulwark.security.rules[1].methods=post", "bulwark.security.rules[1].scopes=orders:write",
				"bulwark.security.rules[2].paths=/api/admin", "bulwark.security.rules[2].methods=GET",
				"bulwark.security.public-paths=/api/docs",
				"management.endpoints.web.exposure.include=health,info,prometheus,loggers" })
class JwtValidationHttpTests extends IssuedTokensHttpTests {

	@Autowired
	MeterRegistry meters;

	static Stream<Arguments> tokens() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
		Instant now = Instant.now();
		return Stream.of(
				Arguments.of("no token", (Supplier<String>) () -> null, 401),
				Arguments.of("malformed token", (Supplier<String>) () -> "not.a.jwt", 401),
				Arguments.of("credentials that are not a token68", (Supplier<String>) () -> "abc def", 401),
				Arguments.of("alg none", (Supplier<String>) () -> new PlainJWT(TestTokenIssuer
					.claims((claims) -> claims.claim("scope", "orders:read"))).serialize(), 401),
				Arguments.of("HS256 signed with the RSA public key", (Supplier<String>) () -> TestTokenIssuer.sign(
						macSigner(issuer.rsa), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1")
							.type(JOSEObjectType.JWT).build(), (claims) -> claims.claim("scope", "orders:read")), 401),
				Arguments.of("expired", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))), 401),
				Arguments.of("not yet valid", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))), 401),
				Arguments.of("without exp", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").expirationTime(null)), 401),
				Arguments.of("wrong issuer", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").issuer("https://evil.test")), 401),
				Arguments.of("wrong audience", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").audience("other-api")), 401),
				Arguments.of("without a subject", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").subject(null)), 401),
				Arguments.of("with a blank subject", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").subject(" ")), 401),
				Arguments.of("without an issuer", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").issuer(null)), 401),
				Arguments.of("without an audience", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").audience((String) null)), 401),
				Arguments.of("an ID token (typ)", (Supplier<String>) () -> TestTokenIssuer.sign(rsaSigner(issuer.rsa),
						new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.rsa.getKeyID())
							.type(new JOSEObjectType("id_token+jwt")).build(),
						(claims) -> claims.claim("scope", "orders:read")), 401),
				Arguments.of("bound to a certificate the connection lacks (cnf)",
						(Supplier<String>) () -> issuer.rs256((claims) -> claims.claim("scope", "orders:read")
							.claim("cnf", java.util.Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"))),
						401),
				Arguments.of("tampered payload", (Supplier<String>) () -> tamper(issuer.token("orders:read")), 401),
				Arguments.of("unknown kid", (Supplier<String>) () -> issuer.sign(stranger, JWSAlgorithm.RS256,
						(claims) -> claims.claim("scope", "orders:read")), 401),
				Arguments.of("oversized token", (Supplier<String>) () -> issuer.rs256((claims) -> claims
					.claim("scope", "orders:read").claim("padding", "x".repeat(9000))), 401),
				Arguments.of("valid, lacking the scope", (Supplier<String>) () -> issuer.token("orders:write"), 403),
				Arguments.of("valid RS256", (Supplier<String>) () -> issuer.token("orders:read profile"), 200),
				Arguments.of("valid ES256", (Supplier<String>) () -> issuer.es256((claims) -> claims
					.claim("scp", java.util.List.of("orders:read"))), 200));
	}

	@ParameterizedTest(name = "{0} -> {2}")
	@MethodSource("tokens")
	void onlyValidTokensWithTheScopePass(String name, Supplier<String> token, int expectedStatus) throws Exception {
		HttpResponse<String> response = get("/api/orders", token.get());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		if (expectedStatus == 200) {
			assertThat(response.body()).contains("\"subject\":\"alice\"").contains("\"mdcSubject\":\"alice\"");
			return;
		}
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((challenge) -> assertThat(
				challenge).startsWith("Bearer").doesNotContain("expired").doesNotContain("issuer"));
		assertThat(response.body()).contains("\"status\":" + expectedStatus)
			.doesNotContain("Exception")
			.doesNotContain("expired")
			.doesNotContain("kid")
			.doesNotContain("signature");
	}

	@Test
	void springSecurityObservesNothingTheHttpServerObservationCovers() throws Exception {
		assertThat(get("/api/orders", issuer.token("orders:read")).statusCode()).isEqualTo(200);
		// neither the filter chain, filter by filter, nor the token validations, nor each authorization: the HTTP
		// server's observation times every request and has its status
		assertThat(this.meters.find("spring.security.authentications").timer()).isNull();
		assertThat(this.meters.find("spring.security.filterchains").timer()).isNull();
		assertThat(this.meters.find("spring.security.authorizations").timer()).isNull();
		assertThat(this.meters.find("http.server.requests").timer()).isNotNull();
	}

	@Test
	void writeNeedsTheWriteScope() throws Exception {
		assertThat(post("/api/orders", issuer.token("orders:read")).statusCode()).isEqualTo(403);
		assertThat(post("/api/orders", issuer.token("orders:write")).statusCode()).isEqualTo(200);
	}

	@Test
	void rolesComeFromNestedClaimsForMethodSecurity() throws Exception {
		String admin = issuer.rs256((claims) -> claims.claim("realm_access", java.util.Map.of("roles",
				java.util.List.of("ADMIN"))));
		assertThat(get("/api/admin", admin).statusCode()).isEqualTo(200);
		assertThat(get("/api/admin", issuer.token("orders:read")).statusCode()).isEqualTo(403);
	}

	@Test
	void probesAndListedPathsArePublicEverythingElseIsDenied() throws Exception {
		assertThat(get("/health", null).statusCode()).isEqualTo(200);
		assertThat(get("/ready", null).statusCode()).isEqualTo(200);
		assertThat(get("/api/docs", null).statusCode()).isEqualTo(200);
		// the scrape is public by default (bulwark.security.metrics-access); the test application serves none
		assertThat(get("/metrics", null).statusCode()).isEqualTo(404);
		// the error page renders errors dispatched to it; requested directly it is a path that serves nothing
		assertThat(get("/error", null).statusCode()).isEqualTo(404);
		assertThat(get("/api/unknown", null).statusCode()).isEqualTo(401);
		// deny by default: a path no rule covers is refused to any token, whether or not something serves it
		assertThat(get("/no/such/route", issuer.token("orders:read")).statusCode()).isEqualTo(403);
	}

	@Test
	void logoutIsNoSpecialPathForATokenApi() throws Exception {
		// no session to end and no login page to redirect to: a path no rule covers, like any other
		assertThat(post("/logout", issuer.token("orders:read")).statusCode()).isEqualTo(403);
	}

	@Test
	void managementEndpointsNeedTheManagementRole() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/loggers", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/loggers", issuer.token("orders:read")).statusCode()).isEqualTo(403);
		String actuator = issuer.rs256((claims) -> claims.claim("roles", java.util.List.of("ACTUATOR")));
		assertThat(get("/actuator/loggers", actuator).statusCode()).isEqualTo(200);
		// Spring MVC decodes the path before it routes it: so do the endpoints' access rules
		assertThat(get("/%61ctuator/loggers", actuator).statusCode()).isEqualTo(200);
		assertThat(get("/%61ctuator/loggers", issuer.token("orders:read")).statusCode()).isEqualTo(403);
		assertThat(get("/actuator", issuer.token("orders:read")).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/", issuer.token("orders:read")).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/health", issuer.token("orders:read")).statusCode()).isEqualTo(200);
	}

	@Test
	void securityHeadersAreOnByDefault() throws Exception {
		HttpResponse<String> response = get("/api/orders", issuer.token("orders:read"));
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void crossOriginRequestsGetTheApplicationsCorsAnswerOthersNone() throws Exception {
		HttpResponse<String> preflight = client.send(request("/api/docs").header("Origin", "https://app.example")
			.header("Access-Control-Request-Method", "GET")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		HttpResponse<String> allowed = client.send(request("/api/docs").header("Origin", "https://app.example").build(),
				BodyHandlers.ofString());
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		HttpResponse<String> stranger = client.send(
				request("/api/docs").header("Origin", "https://evil.example").build(), BodyHandlers.ofString());
		assertThat(stranger.statusCode()).isEqualTo(403);
		HttpResponse<String> sameOrigin = get("/api/docs", null);
		assertThat(sameOrigin.statusCode()).isEqualTo(200);
		assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aControlCharacterInAHeaderIsRefusedByTheFirewallBeforeTheTokenIsRead() throws Exception {
		// U+0085 (a C1 control) passes Tomcat, which reads header bytes as ISO-8859-1, but not the firewall: 400,
		// where an invalid token would get 401
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
					+ "Authorization: Bearer abc\u0085def\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String statusLine = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
				.lines()
				.findFirst()
				.orElse("");
			assertThat(statusLine).startsWith("HTTP/1.1 400");
		}
	}

	private static RSASSASigner rsaSigner(RSAKey key) {
		try {
			return new RSASSASigner(key);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MACSigner macSigner(RSAKey key) {
		try {
			return new MACSigner(key.toRSAPublicKey().getEncoded());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String tamper(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
		String forged = payload.replace("\"alice\"", "\"mallory\"");
		return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes()) + "."
				+ parts[2];
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = request(path);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String token) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

}
