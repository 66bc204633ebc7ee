package dev.bulwark.security.dev;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.security.BulwarkSecurityProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Development tokens, when {@code bulwark.security.dev-tokens.enabled=true}; the application refuses to start with
 * them unless the {@code dev} profile is active.
 */
@AutoConfiguration(beforeName = "dev.bulwark.security.BulwarkSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "bulwark.security.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("bulwark.security.dev-tokens.enabled")
@EnableConfigurationProperties({ DevTokenProperties.class, BulwarkSecurityProperties.class })
public final class DevTokenAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DevTokenIssuer devTokenIssuer(DevTokenProperties properties, Environment environment) {
		if (!environment.acceptsProfiles(Profiles.of("dev"))) {
			throw new InvalidBulwarkPropertyException("bulwark.security.dev-tokens.enabled", true,
					"development tokens are only allowed with the dev profile active",
					"Activate the dev profile on a developer machine, or remove bulwark.security.dev-tokens.enabled.");
		}
		return new DevTokenIssuer(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(DevTokenIssuer issuer, BulwarkSecurityProperties properties) {
		return issuer.decoder(properties.getJwt());
	}

	@Bean
	@ConditionalOnMissingBean
	DevTokenController devTokenController(DevTokenIssuer issuer) {
		return new DevTokenController(issuer);
	}

}
