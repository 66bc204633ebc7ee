package dev.bulwark.security.jwt;

import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.source.RateLimitReachedException;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies each distinct token once: a token that the delegate accepted is remembered until it expires (bounded in
 * number, least recently used first out, as Envoy's JWT filter does). It is found by the token itself, which the
 * decoded {@link Jwt} holds anyway: a hash of it would keep nothing more secret, and cost a microsecond per request.
 * A remembered token is checked again on every use against the validators whose answer can change over time or with
 * the connection (expiry and not-before, the certificate binding: {@link JwtDecoderFactory#cachedUseValidator}), so
 * the cache never accepts what a fresh validation would refuse: the other checks (type, issuer, audience) depend only
 * on the token, whose text fixes them. The
 * signature check, the parsing and those checks are saved. Oversized tokens are refused before anything else.
 */
public class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> validator;

	private final int maxTokenLength;

	private final Map<String, Jwt> validated;

	/**
	 * @param delegate the decoder that parses and verifies tokens
	 * @param validator the claim validators whose answer can change while a token is remembered, run again on every
	 * cached use (the delegate ran them all when it verified the token)
	 * @param maxTokenLength longest token accepted
	 * @param maxSize most tokens remembered; 0 remembers none
	 */
	public CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxTokenLength,
			int maxSize) {
		this.delegate = delegate;
		this.validator = validator;
		this.maxTokenLength = maxTokenLength;
		this.validated = new LinkedHashMap<>(Math.min(maxSize, 1024), 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Jwt> eldest) {
				return size() > maxSize;
			}
		};
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token.length() > this.maxTokenLength) {
			throw new BadJwtException("The token is too large");
		}
		Jwt cached;
		synchronized (this.validated) {
			cached = this.validated.get(token);
		}
		if (cached != null) {
			OAuth2TokenValidatorResult result = this.validator.validate(cached);
			if (!result.hasErrors()) {
				return cached;
			}
			synchronized (this.validated) {
				this.validated.remove(token);
			}
			throw new JwtValidationException("The token is no longer valid", result.getErrors());
		}
		Jwt jwt = verify(token);
		if (jwt.getExpiresAt() != null) {
			synchronized (this.validated) {
				this.validated.put(token, jwt);
			}
		}
		return jwt;
	}

	private Jwt verify(String token) {
		try {
			return this.delegate.decode(token);
		}
		catch (BadJwtException ex) {
			throw ex;
		}
		catch (JwtException ex) {
			// an unknown key id while the key set may not be fetched again yet: the token is not valid (401), the
			// issuer is not down (500)
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof RateLimitReachedException) {
					throw new BadJwtException("The token is signed with an unknown key", ex);
				}
			}
			throw ex;
		}
	}

	/**
	 * @return how many tokens are remembered
	 */
	public int size() {
		synchronized (this.validated) {
			return this.validated.size();
		}
	}

}
