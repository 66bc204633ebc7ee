package dev.bulwark.security.jwt;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.security.BulwarkSecurityProperties;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The checks Spring Security 7 makes by default, made on the decoder paths that do not go through a JWK set (a
 * configured public key, here; the dev issuer builds the same), with the validated-token cache on and off: the
 * {@code typ} header, and a token bound to a client certificate ({@code cnf}, RFC 8705) checked against the
 * certificate of each request's connection, also when the token is remembered.
 */
class BoundTokenValidationTests {

	private static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	@TempDir
	static Path dir;

	private static X509Certificate certificate;

	@BeforeAll
	static void certificate() throws Exception {
		Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
		Process keytool = new ProcessBuilder(java.resolveSibling("keytool").toString(), "-genkeypair", "-alias", "client",
				"-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=client", "-keystore", "client.p12",
				"-storepass", "changeit", "-storetype", "PKCS12")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes());
		assertThat(keytool.waitFor()).as(output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
			store.load(in, "changeit".toCharArray());
		}
		certificate = (X509Certificate) store.getCertificate("client");
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@AfterEach
	void noRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@ParameterizedTest(name = "cache enabled: {0}")
	@ValueSource(booleans = { true, false })
	void aCertificateBoundTokenPassesOnlyOnAConnectionWithThatCertificate(boolean cached) throws Exception {
		JwtDecoder decoder = decoder(cached);
		String thumbprint = thumbprint(certificate);
		String bound = issuer.rs256((claims) -> claims.claim("cnf", Map.of("x5t#S256", thumbprint)));
		onConnection(certificate);
		assertThat(decoder.decode(bound).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(bound).getSubject()).as("again, remembered or verified anew").isEqualTo("alice");
		onConnection(null);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(bound));
		onConnection(certificate);
		assertThat(decoder.decode(bound).getSubject()).isEqualTo("alice");
	}

	@ParameterizedTest(name = "cache enabled: {0}")
	@ValueSource(booleans = { true, false })
	void aTokenOfAnotherTypeIsRefused(boolean cached) throws Exception {
		JwtDecoder decoder = decoder(cached);
		for (String type : List.of("JWT", "at+jwt")) {
			assertThat(decoder.decode(token(new JOSEObjectType(type))).getSubject()).as(type).isEqualTo("alice");
		}
		assertThat(decoder.decode(token(null)).getSubject()).as("no typ").isEqualTo("alice");
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder.decode(token(new JOSEObjectType("id_token+jwt"))));
	}

	private static JwtDecoder decoder(boolean cached) throws Exception {
		BulwarkSecurityProperties.Jwt properties = new BulwarkSecurityProperties.Jwt();
		properties.setCacheEnabled(cached);
		return JwtDecoderFactory.create(TestTokenIssuer.ISSUER, null, issuer.rsa.toRSAPublicKey(),
				List.of(TestTokenIssuer.AUDIENCE), List.of(), properties);
	}

	private static String token(JOSEObjectType type) throws Exception {
		return TestTokenIssuer.sign(new RSASSASigner(issuer.rsa),
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.rsa.getKeyID()).type(type).build(), (claims) -> {
				});
	}

	private static void onConnection(X509Certificate certificate) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (certificate != null) {
			request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] { certificate });
		}
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	private static String thumbprint(X509Certificate certificate) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

}
