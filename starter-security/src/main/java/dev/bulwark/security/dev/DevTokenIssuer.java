package dev.bulwark.security.dev;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.bulwark.security.BulwarkSecurityProperties;
import dev.bulwark.security.jwt.CachingJwtDecoder;
import dev.bulwark.security.jwt.JwtDecoderFactory;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Signs development tokens with an RSA key made at start-up and kept in memory only; the matching decoder accepts
 * nothing else.
 */
public class DevTokenIssuer {

	private final RSAKey key;

	private final DevTokenProperties properties;

	public DevTokenIssuer(DevTokenProperties properties) {
		this.properties = properties;
		try {
			this.key = new RSAKeyGenerator(2048).keyID("dev-" + Instant.now().getEpochSecond()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param subject who the token is for
	 * @param scopes what it grants
	 * @return a signed token
	 */
	public String issue(String subject, List<String> scopes) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.properties.getIssuer())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.getValidity())))
			.claim("scope", String.join(" ", scopes))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param jwt Bulwark's token settings
	 * @return a decoder that accepts only this issuer's tokens, validated like any other
	 */
	public JwtDecoder decoder(BulwarkSecurityProperties.Jwt jwt) {
		try {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(this.key.toRSAPublicKey()).build();
			decoder.setJwtValidator(
					JwtDecoderFactory.validator(this.properties.getIssuer(), List.of(), jwt.getClockSkew()));
			return new CachingJwtDecoder(decoder, JwtDecoderFactory.cachedUseValidator(jwt.getClockSkew()),
					jwt.getMaxTokenLength(), jwt.cacheBytes());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return how long tokens are valid
	 */
	public DevTokenProperties getProperties() {
		return this.properties;
	}

}
