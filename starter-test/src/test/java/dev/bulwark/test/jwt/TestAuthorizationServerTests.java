package dev.bulwark.test.jwt;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test kit's authorization server issues what a real identity provider does, over HTTP: discovery, a key set,
 * client-credentials tokens with the client's scopes and audience, and a rotation that removes the old key.
 */
class TestAuthorizationServerTests {

	private static final TestAuthorizationServer server = TestAuthorizationServer
		.start(TestAuthorizationServer.Client.of("reader", "orders-api", "orders:read", "orders:write"));

	private static final HttpClient client = HttpClient.newHttpClient();

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void discoveryKeysAndTokensAreThoseOfARealIssuer() throws Exception {
		String discovery = get(server.issuerUri() + "/.well-known/openid-configuration").body();
		assertThat(discovery).contains("\"issuer\":\"" + server.issuerUri() + "\"")
			.contains("\"jwks_uri\":\"" + server.issuerUri() + "/oauth2/jwks\"");

		SignedJWT token = SignedJWT.parse(server.token("reader", "orders:read"));
		RSAKey key = (RSAKey) jwks().getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(server.issuerUri());
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("reader");
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("orders-api");
		assertThat(token.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("orders:read");
	}

	@Test
	void stoppedItRefusesAndRotatedItPublishesOnlyTheNewKeyOnTheSamePort() throws Exception {
		String issuer = server.issuerUri();
		String before = server.keyId();
		server.stop();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(issuer + "/oauth2/jwks"));
		server.rotateKey();
		assertThat(server.issuerUri()).isEqualTo(issuer);
		assertThat(jwks().getKeys()).extracting((key) -> key.getKeyID()).containsExactly(server.keyId())
			.doesNotContain(before);
	}

	private static JWKSet jwks() throws Exception {
		return JWKSet.parse(get(server.issuerUri() + "/oauth2/jwks").body());
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
	}

}
