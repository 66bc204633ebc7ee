package dev.bulwark.security.jwt;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies each distinct token once: a token that the delegate accepted is remembered until it expires, in a Caffeine
 * cache bounded by the memory its entries take (estimated from each token's length, {@link #weigh}), so a flood of
 * distinct valid tokens, however large, costs at most that bound, and (Caffeine's eviction weighs frequency as well
 * as recency) does not push out the tokens in use. It is found by the token itself, which the
 * decoded {@link Jwt} holds anyway: a hash of it would keep nothing more secret, and cost a microsecond per request.
 * A remembered token is checked again on every use against the validators whose answer can change over time or with
 * the connection (expiry and not-before, the certificate binding: {@link JwtDecoderFactory#cachedUseValidator}), so
 * the cache never accepts what a fresh validation would refuse: the other checks (type, issuer, audience) depend only
 * on the token, whose text fixes them. The
 * signature check, the parsing and those checks are saved. A remembered token whose key the issuer no longer
 * publishes is refused as soon as the key set is fetched again. Oversized tokens, and text that is not a signed JWT,
 * are refused before the issuer is asked for anything; a key set that cannot be fetched is
 * {@link IssuerUnavailableException}.
 */
public class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Predicate<Jwt> keyPublished;

	private final int maxTokenLength;

	private final Cache<String, Jwt> validated;

	/**
	 * @param delegate the decoder that parses and verifies tokens
	 * @param validator the claim validators whose answer can change while a token is remembered, run again on every
	 * cached use (the delegate ran them all when it verified the token)
	 * @param maxTokenLength longest token accepted
	 * @param maxBytes most memory the remembered tokens take, by {@link #weigh}; 0 remembers none
	 */
	public CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxTokenLength,
			long maxBytes) {
		this(delegate, validator, (jwt) -> true, maxTokenLength, maxBytes);
	}

	/**
	 * @param delegate the decoder that parses and verifies tokens
	 * @param validator the claim validators whose answer can change while a token is remembered, run again on every
	 * cached use (the delegate ran them all when it verified the token)
	 * @param keyPublished whether the key a remembered token was verified with is still published by its issuer
	 * @param maxTokenLength longest token accepted
	 * @param maxBytes most memory the remembered tokens take, by {@link #weigh}; 0 remembers none
	 */
	public CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, Predicate<Jwt> keyPublished,
			int maxTokenLength, long maxBytes) {
		this.delegate = delegate;
		this.validator = validator;
		this.keyPublished = keyPublished;
		this.maxTokenLength = maxTokenLength;
		this.validated = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String token, Jwt jwt) -> weigh(token))
			.expireAfter(new UntilExpiry())
			.executor(Runnable::run)
			.build();
	}

	/**
	 * An estimate of the memory a remembered token takes: the token's text (which the {@link Jwt} shares), its
	 * decoded headers and claims (Java objects, a few times the size of the JSON they came from) and the entry.
	 * @param token the token
	 * @return its weight in bytes
	 */
	public static int weigh(String token) {
		return 512 + 5 * token.length();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token.length() > this.maxTokenLength) {
			throw new BadJwtException("The token is too large");
		}
		Jwt cached = this.validated.getIfPresent(token);
		if (cached != null) {
			OAuth2TokenValidatorResult result = this.validator.validate(cached);
			if (!result.hasErrors() && this.keyPublished.test(cached)) {
				return cached;
			}
			this.validated.invalidate(token);
			if (!result.hasErrors()) {
				throw new BadJwtException("The token's key is no longer published by its issuer");
			}
			throw new JwtValidationException("The token is no longer valid", result.getErrors());
		}
		Jwt jwt = verify(token);
		if (jwt.getExpiresAt() != null) {
			this.validated.put(token, jwt);
		}
		return jwt;
	}

	private Jwt verify(String token) {
		// a token that is not a signed JWT is refused as it is, without asking the issuer for anything
		try {
			if (!(JWTParser.parse(token) instanceof SignedJWT)) {
				throw new BadJwtException("The token is not a signed JWT");
			}
		}
		catch (ParseException ex) {
			throw new BadJwtException("The token is not a JWT", ex);
		}
		try {
			return this.delegate.decode(token);
		}
		catch (BadJwtException ex) {
			throw ex;
		}
		catch (JwtException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				// an unknown key id while the key set may not be fetched again yet: the token is not valid (401), the
				// issuer is not down
				if (cause instanceof RateLimitReachedException) {
					throw new BadJwtException("The token is signed with an unknown key", ex);
				}
				// the key set could not be fetched: the issuer is unavailable (503), the service is not broken
				if (cause instanceof KeySourceException || cause instanceof IOException) {
					throw new IssuerUnavailableException("The issuer's keys could not be fetched", ex);
				}
			}
			throw ex;
		}
	}

	/**
	 * @return how many tokens are remembered
	 */
	public long size() {
		this.validated.cleanUp();
		return this.validated.estimatedSize();
	}

	/**
	 * @return the memory the remembered tokens take, by {@link #weigh}
	 */
	public long weight() {
		this.validated.cleanUp();
		return this.validated.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	/**
	 * Keeps a token a minute past its expiry, so that an expired token meets the validator (and is refused as
	 * expired) rather than being verified again, then frees its memory.
	 */
	private static final class UntilExpiry implements Expiry<String, Jwt> {

		private static final Duration GRACE = Duration.ofMinutes(1);

		@Override
		public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
			Instant expiresAt = (jwt.getExpiresAt() != null) ? jwt.getExpiresAt() : Instant.now();
			return Math.max(0, Duration.between(Instant.now(), expiresAt.plus(GRACE)).toNanos());
		}

		@Override
		public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
			return expireAfterCreate(token, jwt, currentTime);
		}

		@Override
		public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
