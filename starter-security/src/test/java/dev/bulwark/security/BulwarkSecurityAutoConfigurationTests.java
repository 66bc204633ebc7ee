package dev.bulwark.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.security.jwt.CachingJwtDecoder;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BulwarkSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BulwarkSecurityAutoConfiguration.class));

	private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokenIssuer.ISSUER;

	private static final String AUDIENCE = "spring.security.oauth2.resourceserver.jwt.audiences="
			+ TestTokenIssuer.AUDIENCE;

	/** Keys from a JWK set URI, with the issuer and audience every configuration needs. */
	private final WebApplicationContextRunner configured = this.runner
		.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks", ISSUER, AUDIENCE);

	@Test
	void shouldBuildACachingDecoderFromBootsProperties() {
		this.configured
			.run((context) -> assertThat(context).getBean(JwtDecoder.class).isInstanceOf(CachingJwtDecoder.class));
	}

	@Test
	void shouldAcceptTokensSignedWithAConfiguredPublicKey(@TempDir Path keys) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		Path pem = keys.resolve("issuer.pub");
		Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n");
		String token = TestTokenIssuer.sign(new RSASSASigner(pair.getPrivate()),
				new JWSHeader.Builder(JWSAlgorithm.RS256).build(), (claims) -> {
				});
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + pem, ISSUER,
				AUDIENCE)
			.run((context) -> assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject())
				.isEqualTo("alice"));
	}

	@Test
	void shouldRefuseToStartWithoutAnIssuer() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidBulwarkPropertyException.class)
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt"));
	}

	@Test
	void shouldRefuseToStartWithoutAnAudienceUnlessAnyIsAcceptedOnPurpose() {
		WebApplicationContextRunner noAudience = this.runner.withPropertyValues(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks", ISSUER);
		noAudience.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidBulwarkPropertyException.class)
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences"));
		noAudience.withPropertyValues("bulwark.security.jwt.require-audience=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	@Test
	void shouldRefuseToStartWithoutAnIssuerToCheckUnlessAnyIsAcceptedOnPurpose() {
		WebApplicationContextRunner noIssuer = this.runner.withPropertyValues(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks", AUDIENCE);
		noIssuer.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidBulwarkPropertyException.class)
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri"));
		noIssuer.withPropertyValues("bulwark.security.jwt.require-issuer=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	@Test
	void shouldRefuseToServeTheScrapeOnlyOnAManagementPortThatIsNotSet() {
		this.configured.withPropertyValues("bulwark.security.metrics-access=management-port")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.security.metrics-access"));
		this.configured
			.withPropertyValues("bulwark.security.metrics-access=management-port", "server.port=8080",
					"management.server.port=8080")
			.run((context) -> assertThat(context).hasFailed());
		this.configured
			.withPropertyValues("bulwark.security.metrics-access=management-port", "management.server.port=9464")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldRefuseAKeySetRefreshIntervalThatIsNotShorterThanItsCacheTime() {
		this.configured
			.withPropertyValues("bulwark.security.jwt.jwks-cache-time=1s", "bulwark.security.jwt.jwks-min-refresh-interval=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.security.jwt.jwks-min-refresh-interval"));
	}

	@Test
	void shouldRefuseSymmetricAlgorithms() {
		this.configured
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jws-algorithms=HS256")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("jws-algorithms")
				.hasMessageContaining("HS256"));
	}

	@Test
	void shouldBackOffForTheUsersDecoderAndConverter() {
		JwtDecoder userDecoder = (token) -> {
			throw new UnsupportedOperationException();
		};
		this.runner.withBean(JwtDecoder.class, () -> userDecoder)
			.withBean("userConverter", JwtAuthenticationConverter.class, JwtAuthenticationConverter::new)
			.run((context) -> {
				assertThat(context.getBean(JwtDecoder.class)).isSameAs(userDecoder);
				assertThat(context).getBean(JwtAuthenticationConverter.class).isSameAs(context.getBean("userConverter"));
			});
	}

	@Test
	void shouldPutTheApplicationsCorsFilterInTheChain() {
		CorsFilter corsFilter = new CorsFilter(new UrlBasedCorsConfigurationSource());
		this.configured
			.withBean("corsFilter", CorsFilter.class, () -> corsFilter)
			.run((context) -> assertThat(context.getBean(SecurityFilterChain.class).getFilters()).contains(corsFilter));
	}

	@Test
	void shouldAskTheCorsConfigurationOnlyAboutRequestsWithAnOrigin() {
		AtomicInteger asked = new AtomicInteger();
		CorsConfigurationSource source = (request) -> {
			asked.incrementAndGet();
			return null;
		};
		this.configured
			.withBean("corsConfigurationSource", CorsConfigurationSource.class, () -> source)
			.run((context) -> {
				Filter cors = context.getBean(SecurityFilterChain.class)
					.getFilters()
					.stream()
					.filter(CorsFilter.class::isInstance)
					.findFirst()
					.orElseThrow();
				cors.doFilter(new MockHttpServletRequest("GET", "/orders"), new MockHttpServletResponse(),
						new MockFilterChain());
				assertThat(asked).hasValue(0);
				MockHttpServletRequest crossOrigin = new MockHttpServletRequest("GET", "/orders");
				crossOrigin.addHeader("Origin", "https://app.example");
				cors.doFilter(crossOrigin, new MockHttpServletResponse(), new MockFilterChain());
				assertThat(asked).hasValue(1);
			});
	}

	@Test
	void shouldEnforceMethodSecurityUnlessSwitchedOff() {
		WebApplicationContextRunner runner = this.configured
			.withBean(AdminOnly.class);
		// no authentication on this thread: an enforced @PreAuthorize refuses the call
		runner.run((context) -> assertThatExceptionOfType(AuthenticationCredentialsNotFoundException.class)
			.isThrownBy(() -> context.getBean(AdminOnly.class).secret()));
		runner.withPropertyValues("bulwark.security.method-security=false")
			.run((context) -> assertThat(context.getBean(AdminOnly.class).secret()).isEqualTo("secret"));
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("bulwark.security.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtDecoder.class));
	}

	static class AdminOnly {

		@PreAuthorize("hasRole('ADMIN')")
		String secret() {
			return "secret";
		}

	}

}
