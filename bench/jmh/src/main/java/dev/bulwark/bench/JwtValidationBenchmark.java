package dev.bulwark.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.bulwark.security.jwt.CachingJwtDecoder;
import dev.bulwark.security.jwt.JwtDecoderFactory;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Validating an RS256 bearer token with Bulwark's claim checks (exp required, times, issuer, audience): cold (parse,
 * verify the signature and check the claims, as Spring Security's decoder does on every request) and warm (Bulwark's
 * cache of validated tokens, keyed by the token: its times checked again, as {@code JwtDecoderFactory} builds it).
 * {@code warmAllClaims} checks every claim again on a cached use, as Bulwark did before 2026-11-25.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JwtValidationBenchmark {

	private TestTokenIssuer issuer;

	private String token;

	private NimbusJwtDecoder verifying;

	private CachingJwtDecoder caching;

	private CachingJwtDecoder cachingAllClaims;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.issuer = new TestTokenIssuer();
		this.token = this.issuer.rs256((claims) -> claims.claim("scope", "orders:read")
			.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))));
		this.verifying = NimbusJwtDecoder.withPublicKey(this.issuer.rsa.toRSAPublicKey()).build();
		OAuth2TokenValidator<Jwt> claims = JwtDecoderFactory.validator(TestTokenIssuer.ISSUER,
				List.of(TestTokenIssuer.AUDIENCE), Duration.ofSeconds(30));
		this.verifying.setJwtValidator(claims);
		this.caching = new CachingJwtDecoder(this.verifying,
				JwtDecoderFactory.cachedUseValidator(Duration.ofSeconds(30)), 8192, 32L << 20);
		this.caching.decode(this.token);
		this.cachingAllClaims = new CachingJwtDecoder(this.verifying, claims, 8192, 32L << 20);
		this.cachingAllClaims.decode(this.token);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.issuer.close();
	}

	@Benchmark
	public Jwt cold() {
		return this.verifying.decode(this.token);
	}

	@Benchmark
	public Jwt warm() {
		return this.caching.decode(this.token);
	}

	@Benchmark
	public Jwt warmAllClaims() {
		return this.cachingAllClaims.decode(this.token);
	}

}
