package dev.bulwark.security.jwt;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.security.BulwarkSecurityProperties;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;

/**
 * An issuer's keys, found lazily: the JWK set URI is discovered from the issuer's configuration on the first token
 * (unless configured), with connect and read timeouts, by one request thread while the others wait for it. A failed
 * discovery is remembered for {@link #RETRY_INTERVAL}: until then tokens are refused at once as
 * {@link IssuerUnavailableException}, so an identity provider that is down is asked at a bounded rate, not once per
 * request.
 */
final class IssuerKeys {

	/**
	 * How long a failed discovery is remembered before it is tried again.
	 */
	static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(IssuerKeys.class);

	private final @Nullable String issuerUri;

	private final @Nullable String jwkSetUri;

	private final Set<JWSAlgorithm> algorithms;

	private final OAuth2TokenValidator<Jwt> validator;

	private final BulwarkSecurityProperties.Jwt properties;

	private volatile @Nullable NimbusJwtDecoder decoder;

	private volatile @Nullable JWKSource<SecurityContext> keys;

	private @Nullable RuntimeException failure;

	private long failedAt;

	IssuerKeys(@Nullable String issuerUri, @Nullable String jwkSetUri, Set<JWSAlgorithm> algorithms,
			OAuth2TokenValidator<Jwt> validator, BulwarkSecurityProperties.Jwt properties) {
		this.issuerUri = issuerUri;
		this.jwkSetUri = jwkSetUri;
		this.algorithms = algorithms;
		this.validator = validator;
		this.properties = properties;
	}

	/**
	 * @return a decoder that verifies tokens with the issuer's keys and runs every validator
	 */
	JwtDecoder decoder() {
		return (token) -> verifying().decode(token);
	}

	/**
	 * Whether the key a remembered token was verified with is still in the key set: a key the issuer removed revokes
	 * the tokens it signed as soon as the key set is fetched again. A key set that cannot be fetched says nothing
	 * against a token already verified.
	 * @param jwt a remembered token
	 * @return whether its key is still published, as far as is known
	 */
	boolean publishes(Jwt jwt) {
		JWKSource<SecurityContext> keys = this.keys;
		Object keyId = jwt.getHeaders().get("kid");
		if (keys == null || !(keyId instanceof String kid)) {
			return true;
		}
		try {
			return !keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null).isEmpty();
		}
		catch (KeySourceException ex) {
			return true;
		}
	}

	private NimbusJwtDecoder verifying() {
		NimbusJwtDecoder decoder = this.decoder;
		if (decoder != null) {
			return decoder;
		}
		synchronized (this) {
			if (this.decoder != null) {
				return this.decoder;
			}
			if (this.failure != null && System.nanoTime() - this.failedAt < RETRY_INTERVAL.toNanos()) {
				throw new IssuerUnavailableException("The issuer's keys could not be found", this.failure);
			}
			try {
				String keySet = (this.jwkSetUri != null) ? this.jwkSetUri : discoverJwkSetUri(this.issuerUri);
				JWKSource<SecurityContext> keys = JWKSourceBuilder
					.create(url(keySet), new DefaultResourceRetriever((int) TIMEOUT.toMillis(),
							(int) TIMEOUT.toMillis(), 256 * 1024))
					.cache(this.properties.getJwksCacheTime().toMillis(), 5000)
					.rateLimited(this.properties.getJwksMinRefreshInterval().toMillis())
					.refreshAheadCache(false)
					.retrying(false)
					.build();
				NimbusJwtDecoder verifying = new NimbusJwtDecoder(processor(keys, this.algorithms));
				verifying.setJwtValidator(this.validator);
				this.keys = keys;
				this.decoder = verifying;
				this.failure = null;
				return verifying;
			}
			catch (RuntimeException ex) {
				logger.warn("The identity provider's keys could not be found (" + ex + "); tokens are answered 503 "
						+ "for " + RETRY_INTERVAL.toSeconds() + " s before the next try");
				this.failure = ex;
				this.failedAt = System.nanoTime();
				throw new IssuerUnavailableException("The issuer's keys could not be found", ex);
			}
		}
	}

	private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys,
			Set<JWSAlgorithm> algorithms) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
		processor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		// claims are validated by Spring Security's validators, fresh and cached alike
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return processor;
	}

	private static String discoverJwkSetUri(@Nullable String issuerUri) {
		String configuration = issuerUri + (issuerUri.endsWith("/") ? "" : "/") + ".well-known/openid-configuration";
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
		requests.setReadTimeout(TIMEOUT);
		Map<?, ?> metadata = RestClient.builder()
			.requestFactory(requests)
			.build()
			.get()
			.uri(configuration)
			.retrieve()
			.body(Map.class);
		Object jwksUri = (metadata != null) ? metadata.get("jwks_uri") : null;
		if (!(jwksUri instanceof String uri)) {
			throw new IllegalStateException("The issuer's configuration at " + configuration + " names no jwks_uri");
		}
		if (!issuerUri.equals(metadata.get("issuer"))) {
			throw new IllegalStateException("The configuration at " + configuration + " is for another issuer");
		}
		return uri;
	}

	static URL url(String uri) {
		try {
			return URI.create(uri).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new InvalidBulwarkPropertyException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", uri,
					"not a URL", "Set the JWK set URI to the issuer's keys, such as https://issuer/.well-known/jwks.json.");
		}
	}

}
