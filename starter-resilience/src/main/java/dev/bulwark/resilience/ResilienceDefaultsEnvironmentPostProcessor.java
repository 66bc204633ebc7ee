package dev.bulwark.resilience;

import java.util.Map;

import dev.bulwark.core.defaults.LowestPrecedenceDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Resilience defaults at the lowest precedence: Redis commands bounded by 250 ms and connections by 1 s, so that a
 * Redis that hangs (or restarts under an open connection, while Lettuce queues commands) costs the rate limiter a
 * quarter of a second, not Lettuce's 60 s, before it lets the request through.
 */
public class ResilienceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("bulwark.defaults.enabled", Boolean.class, true)) {
			LowestPrecedenceDefaults.apply(environment,
					Map.of("spring.data.redis.timeout", "250ms", "spring.data.redis.connect-timeout", "1s"));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
