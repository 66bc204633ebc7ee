package dev.bulwark.test.services;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Redis with a key prefix per test class ({@code bulwark.test.redis.key-prefix}), which Bulwark's own Redis users
 * (the shared rate limit) take too. Redis has no namespaces, so code under test should build its keys on the prefix.
 */
final class RedisConnection {

	private RedisConnection() {
	}

	static void register(ConfigurableApplicationContext context, DefaultListableBeanFactory beans,
			ServiceEndpoint endpoint, String isolation) {
		DataRedisConnectionDetails details = new DataRedisConnectionDetails() {

			@Override
			public @Nullable String getUsername() {
				return endpoint.user();
			}

			@Override
			public @Nullable String getPassword() {
				return endpoint.password();
			}

			@Override
			public Standalone getStandalone() {
				return Standalone.of(endpoint.host(), endpoint.port());
			}

		};
		beans.registerSingleton("bulwarkTestRedisConnectionDetails", details);
		TestPropertyValues
			.of("bulwark.test.redis.key-prefix=" + isolation + ":",
					"bulwark.resilience.rate-limit.redis-key-prefix=" + isolation + ":rate-limit:")
			.applyTo(context);
	}

}
