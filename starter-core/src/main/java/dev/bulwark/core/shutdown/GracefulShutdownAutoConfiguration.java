package dev.bulwark.core.shutdown;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

/**
 * A drain delay between readiness refusing traffic and the web server's graceful shutdown.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "bulwark.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShutdownProperties.class)
public final class GracefulShutdownAutoConfiguration {

	static final Duration CLOUD_DRAIN_DELAY = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	ReadinessDrainLifecycle readinessDrainLifecycle(ShutdownProperties properties, Environment environment) {
		Duration drainDelay = properties.getDrainDelay();
		if (drainDelay == null) {
			drainDelay = (CloudPlatform.getActive(environment) != null) ? CLOUD_DRAIN_DELAY : Duration.ZERO;
		}
		if (drainDelay.isNegative()) {
			throw new InvalidBulwarkPropertyException("bulwark.shutdown.drain-delay", properties.getDrainDelay(),
					"the drain delay cannot be negative", "Set bulwark.shutdown.drain-delay to 0 or a positive duration.");
		}
		return new ReadinessDrainLifecycle(drainDelay);
	}

}
