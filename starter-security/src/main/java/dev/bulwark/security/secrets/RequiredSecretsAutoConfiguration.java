package dev.bulwark.security.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Start-up check of {@code bulwark.security.secrets.required}.
 */
@AutoConfiguration
@EnableConfigurationProperties(RequiredSecretsProperties.class)
public final class RequiredSecretsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequiredSecretsVerifier requiredSecretsVerifier(RequiredSecretsProperties properties, Environment environment) {
		return new RequiredSecretsVerifier(properties, environment);
	}

}
