package dev.bulwark.security.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.security.BulwarkSecurityProperties;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the service's {@link JwtDecoder}: signatures checked with keys from the issuer's JWK set (cached, fetched
 * again at most once per interval on an unknown key id, so rotation works and a flood of bogus key ids cannot hammer
 * the issuer; see {@link IssuerKeys}), only asymmetric algorithms, and claims validated strictly: Spring Security's
 * defaults, {@code exp} and {@code sub} required, {@code exp} and {@code nbf} with a clock skew, issuer and audience.
 */
public final class JwtDecoderFactory {

	private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
			"PS256", "PS384", "PS512", "EdDSA");

	private JwtDecoderFactory() {
	}

	/**
	 * @param issuerUri the expected issuer, and where its JWK set is discovered when no JWK set URI is given
	 * @param jwkSetUri where the issuer's keys are
	 * @param audiences accepted audiences; empty accepts any
	 * @param algorithms accepted signature algorithms
	 * @param properties Bulwark's settings
	 * @return the decoder, lazy: nothing is fetched before the first token
	 */
	private static final String JWS_ALGORITHMS = "spring.security.oauth2.resourceserver.jwt.jws-algorithms";

	/**
	 * The decoder that Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties describe, with
	 * Bulwark's validation; used for HTTP and for gRPC alike.
	 * @param resourceServer Boot's resource server properties
	 * @param properties Bulwark's security properties
	 * @param environment to tell whether the algorithms were chosen (Boot's default is RS256 alone; unless the user
	 * chose, Bulwark accepts RS256 and ES256)
	 * @return the decoder
	 * @throws InvalidBulwarkPropertyException when the properties name no issuer, JWK set or public key, or a public
	 * key that cannot be read
	 */
	public static JwtDecoder create(OAuth2ResourceServerProperties resourceServer, BulwarkSecurityProperties properties,
			Environment environment) {
		OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
		if (jwt.getIssuerUri() != null || jwt.getJwkSetUri() != null || jwt.getPublicKeyLocation() != null) {
			requireBinding(jwt, properties.getJwt());
		}
		boolean algorithmsChosen = environment.containsProperty(JWS_ALGORITHMS)
				|| environment.containsProperty(JWS_ALGORITHMS + "[0]");
		return create(jwt.getIssuerUri(), jwt.getJwkSetUri(), publicKey(jwt.getPublicKeyLocation()), jwt.getAudiences(),
				algorithmsChosen ? jwt.getJwsAlgorithms() : List.of(), properties.getJwt());
	}

	/**
	 * Tokens must be bound to this service: an audience and an issuer are required unless switched off explicitly.
	 */
	private static void requireBinding(OAuth2ResourceServerProperties.Jwt jwt, BulwarkSecurityProperties.Jwt properties) {
		if (jwt.getAudiences().isEmpty() && properties.isRequireAudience()) {
			throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.audiences", null,
					"no audience is configured, so a token the identity provider issued for any other API would be "
							+ "accepted here",
					"Set it to the audience your identity provider puts in the tokens for this service (RFC 8725), "
							+ "or accept any audience on purpose with bulwark.security.jwt.require-audience=false.");
		}
		if (jwt.getIssuerUri() == null && properties.isRequireIssuer()) {
			throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.issuer-uri", null,
					"no issuer is configured, so the iss claim of a token is not checked",
					"Set it to your identity provider's issuer (with jwk-set-uri or public-key-location, keys are "
							+ "taken from there and the issuer is only checked), or accept any issuer on purpose with "
							+ "bulwark.security.jwt.require-issuer=false.");
		}
	}

	private static @Nullable RSAPublicKey publicKey(@Nullable Resource location) {
		if (location == null) {
			return null;
		}
		try (InputStream in = location.getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.public-key-location",
					location, "no X.509 RSA public key (PEM) could be read there",
					"Point it at the issuer's public key, such as classpath:issuer.pub or file:/run/keys/issuer.pub.");
		}
	}

	public static JwtDecoder create(@Nullable String issuerUri, @Nullable String jwkSetUri, List<String> audiences,
			List<String> algorithms, BulwarkSecurityProperties.Jwt properties) {
		return create(issuerUri, jwkSetUri, null, audiences, algorithms, properties);
	}

	/**
	 * @param issuerUri the expected issuer, and where its JWK set is discovered when no JWK set URI is given
	 * @param jwkSetUri where the issuer's keys are
	 * @param publicKey the issuer's one RSA key, when it publishes no key set
	 * @param audiences accepted audiences; empty accepts any
	 * @param algorithms accepted signature algorithms
	 * @param properties Bulwark's settings
	 * @return the decoder, lazy: nothing is fetched before the first token
	 */
	public static JwtDecoder create(@Nullable String issuerUri, @Nullable String jwkSetUri,
			@Nullable RSAPublicKey publicKey, List<String> audiences, List<String> algorithms,
			BulwarkSecurityProperties.Jwt properties) {
		if (publicKey != null) {
			OAuth2TokenValidator<Jwt> validator = validator(issuerUri, audiences, properties.getClockSkew());
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey).build();
			decoder.setJwtValidator(validator);
			return new CachingJwtDecoder(decoder, cachedUseValidator(properties.getClockSkew()),
					properties.getMaxTokenLength(), properties.cacheBytes());
		}
		if (issuerUri == null && jwkSetUri == null) {
			throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", null,
					"no issuer is configured, so no token could ever be accepted",
					"Set spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri, or switch Bulwark's "
							+ "security off with bulwark.security.enabled=false.");
		}
		Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
		for (String algorithm : algorithms.isEmpty() ? List.of("RS256", "ES256") : algorithms) {
			if (!ASYMMETRIC.contains(algorithm)) {
				throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.jws-algorithms",
						algorithm, "only asymmetric signature algorithms can be checked with an issuer's public keys",
						"Use RS256, ES256 or another RSA, ECDSA or EdDSA algorithm.");
			}
			accepted.add(JWSAlgorithm.parse(algorithm));
		}
		if (jwkSetUri != null) {
			IssuerKeys.url(jwkSetUri);
		}
		if (properties.getJwksMinRefreshInterval().compareTo(properties.getJwksCacheTime()) >= 0) {
			throw new InvalidBulwarkPropertyException("bulwark.security.jwt.jwks-min-refresh-interval",
					properties.getJwksMinRefreshInterval(), "it must be shorter than bulwark.security.jwt.jwks-cache-time ("
							+ properties.getJwksCacheTime() + "), or the key set could never be fetched again in time",
					"Shorten it, or lengthen jwks-cache-time.");
		}
		IssuerKeys keys = new IssuerKeys(issuerUri, jwkSetUri, accepted,
				validator(issuerUri, audiences, properties.getClockSkew()), properties);
		return new CachingJwtDecoder(keys.decoder(), cachedUseValidator(properties.getClockSkew()), keys::publishes,
				properties.getMaxTokenLength(), properties.cacheBytes());
	}

	/**
	 * The checks of {@link #validator} whose answer can change while a token is remembered: its expiry and
	 * not-before time, and its certificate binding ({@code cnf}, RFC 8705), which is checked against the client
	 * certificate of the connection each request arrives on. The others (exp present, type, issuer, audience) depend
	 * only on the token, whose text fixes them, so a remembered token passes them as it did when it was verified.
	 * @param clockSkew tolerated clock difference
	 * @return the validator {@link CachingJwtDecoder} runs on every use of a remembered token
	 */
	public static OAuth2TokenValidator<Jwt> cachedUseValidator(Duration clockSkew) {
		return JwtValidators.createDefaultWithValidators(new JwtTimestampValidator(clockSkew), type());
	}

	/**
	 * The checks run on every token when it is verified: Spring Security's defaults
	 * ({@link JwtValidators#createDefaultWithValidators}: expiry and not-before, the {@code typ} header, the
	 * certificate binding of RFC 8705), with this service's clock skew and type list, plus {@code exp} and
	 * {@code sub} required, the issuer and the audience.
	 * @param issuerUri the expected issuer, if any
	 * @param audiences accepted audiences; empty accepts any
	 * @param clockSkew tolerated clock difference
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> validator(@Nullable String issuerUri, List<String> audiences,
			Duration clockSkew) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		// a token without exp would pass the timestamp validator: require it
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, (exp) -> exp != null));
		// the caller's identity (RFC 9068): rate limits, Idempotency-Key replays and logs are keyed by it, and tokens
		// without one would all share the principal "null"
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB,
				(sub) -> sub instanceof String subject && !subject.isBlank()));
		validators.add(new JwtTimestampValidator(clockSkew));
		validators.add(type());
		if (issuerUri != null) {
			validators.add(new JwtIssuerValidator(issuerUri));
		}
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		}
		return JwtValidators.createDefaultWithValidators(validators);
	}

	/**
	 * An access token's {@code typ}: absent, {@code JWT} or {@code at+jwt} (RFC 9068); an ID token or any other
	 * type is refused.
	 */
	private static JwtTypeValidator type() {
		JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
		type.setAllowEmpty(true);
		return type;
	}

}
