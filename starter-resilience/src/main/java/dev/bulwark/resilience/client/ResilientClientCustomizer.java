package dev.bulwark.resilience.client;

import org.springframework.web.client.RestClient;

/**
 * Customizes the builder of one named client before its policies are applied, for example to add credentials.
 * Interceptors added here run once per call, outside the policies; the headers they set are sent with every
 * attempt.
 */
@FunctionalInterface
public interface ResilientClientCustomizer {

	/**
	 * @param name the client's name under {@code bulwark.resilience.clients}
	 * @param builder its builder
	 */
	void customize(String name, RestClient.Builder builder);

}
