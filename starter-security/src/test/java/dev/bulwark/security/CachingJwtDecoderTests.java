package dev.bulwark.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.security.jwt.CachingJwtDecoder;
import dev.bulwark.security.jwt.JwtDecoderFactory;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The validated-token cache saves the signature check, never a claim check.
 */
class CachingJwtDecoderTests {

	private final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	private final AtomicInteger verifications = new AtomicInteger();

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	@Test
	void tokenIsVerifiedOnceAndItsTimesOnEveryUse() {
		CachingJwtDecoder decoder = decoder(Duration.ZERO);
		String token = this.issuer.token("orders:read");
		for (int i = 0; i < 10; i++) {
			assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		}
		assertThat(this.verifications).hasValue(1);
		assertThat(decoder.size()).isEqualTo(1);
	}

	@Test
	void cachedTokenIsRefusedOnceItExpires() {
		CachingJwtDecoder decoder = decoder(Duration.ZERO);
		String token = this.issuer.rs256((claims) -> claims.expirationTime(Date.from(Instant.now().plusSeconds(1))));
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> refused(decoder, token));
		assertThat(this.verifications).hasValue(1);
		assertThat(decoder.size()).isZero();
	}

	@Test
	void floodOfDistinctTokensStaysWithinTheMemoryBoundAndKeepsTheTokensInUse() {
		String padding = "p".repeat(1000);
		long bound = 20L * CachingJwtDecoder.weigh(this.issuer.rs256((claims) -> claims.claim("pad", padding)));
		CachingJwtDecoder decoder = decoder(Duration.ZERO, bound);
		String inUse = this.issuer.rs256((claims) -> claims.claim("pad", padding).jwtID("in-use"));
		for (int i = 0; i < 10; i++) {
			decoder.decode(inUse);
		}
		for (int i = 0; i < 200; i++) {
			int n = i;
			decoder.decode(this.issuer.rs256((claims) -> claims.claim("pad", padding).jwtID("flood-" + n)));
			assertThat(decoder.weight()).isLessThanOrEqualTo(bound);
		}
		assertThat(decoder.size()).isBetween(1L, 20L);
		int verified = this.verifications.get();
		decoder.decode(inUse);
		assertThat(this.verifications).as("the token in use is still remembered").hasValue(verified);
	}

	@Test
	void cacheOfNoMemoryRemembersNothing() {
		CachingJwtDecoder decoder = decoder(Duration.ZERO, 0);
		String token = this.issuer.token("orders:read");
		decoder.decode(token);
		decoder.decode(token);
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void oversizedTokenIsRefusedBeforeVerification() {
		CachingJwtDecoder decoder = decoder(Duration.ZERO);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("x".repeat(9000)));
		assertThat(this.verifications).hasValue(0);
	}

	private static boolean refused(JwtDecoder decoder, String token) {
		try {
			decoder.decode(token);
			return false;
		}
		catch (JwtValidationException ex) {
			return true;
		}
	}

	private CachingJwtDecoder decoder(Duration clockSkew) {
		return decoder(clockSkew, 1024 * 1024);
	}

	private CachingJwtDecoder decoder(Duration clockSkew, long maxBytes) {
		BulwarkSecurityProperties.Jwt properties = new BulwarkSecurityProperties.Jwt();
		properties.setCacheEnabled(false);
		JwtDecoder verifying = JwtDecoderFactory.create(TestTokenIssuer.ISSUER, this.issuer.jwksUri(),
				List.of(TestTokenIssuer.AUDIENCE), List.of(), properties);
		JwtDecoder counting = (token) -> {
			this.verifications.incrementAndGet();
			return verifying.decode(token);
		};
		// as JwtDecoderFactory builds it
		return new CachingJwtDecoder(counting, JwtDecoderFactory.cachedUseValidator(clockSkew), 8192, maxBytes);
	}

}
