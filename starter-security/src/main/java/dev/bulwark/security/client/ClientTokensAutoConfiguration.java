package dev.bulwark.security.client;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.resilience.client.ResilientClientCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Bearer tokens on Bulwark's named clients, from {@code bulwark.security.clients.<name>}.
 */
@AutoConfiguration(beforeName = "dev.bulwark.resilience.ResilienceAutoConfiguration")
@ConditionalOnClass(ResilientClientCustomizer.class)
@ConditionalOnBooleanProperty(name = "bulwark.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientTokenProperties.class)
public final class ClientTokensAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "bulwarkClientTokensCustomizer")
	ResilientClientCustomizer bulwarkClientTokensCustomizer(ClientTokenProperties properties) {
		properties.getClients().forEach(ClientTokensAutoConfiguration::validate);
		return (name, builder) -> {
			ClientTokenProperties.Client client = properties.getClients().get(name);
			if (client == null) {
				return;
			}
			switch (client.getToken()) {
				case CLIENT_CREDENTIALS -> builder.requestInterceptor(BearerTokenInterceptor.clientCredentials(
						new ClientCredentialsTokenSource(client.getTokenUri(), client.getClientId(),
								client.getClientSecret(), client.getScope())));
				case RELAY -> builder.requestInterceptor(BearerTokenInterceptor.relay());
				case NONE -> {
				}
			}
		};
	}

	private static void validate(String name, ClientTokenProperties.Client client) {
		if (client.getToken() != ClientTokenProperties.TokenSource.CLIENT_CREDENTIALS) {
			return;
		}
		String prefix = "bulwark.security.clients." + name + ".";
		if (client.getTokenUri() == null) {
			throw new InvalidBulwarkPropertyException(prefix + "token-uri", null, "client credentials need a token endpoint",
					"Set " + prefix + "token-uri to the authorization server's token endpoint.");
		}
		if (client.getClientId() == null || client.getClientId().isBlank() || client.getClientSecret() == null
				|| client.getClientSecret().isBlank()) {
			throw new InvalidBulwarkPropertyException(prefix + "client-secret", null,
					"client credentials need a client id and a secret (a required secret is missing)",
					"Set " + prefix + "client-id, and the secret from the environment or a mounted secret.");
		}
	}

}
