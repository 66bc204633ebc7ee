package dev.bulwark.core.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Readiness that means "this instance can serve its core traffic" ({@link ReadinessGroupPostProcessor}).
 */
@AutoConfiguration
@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
@ConditionalOnBooleanProperty(name = "bulwark.health.readiness.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReadinessProperties.class)
public final class ReadinessAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReadinessGroupPostProcessor readinessGroupPostProcessor(ReadinessProperties properties) {
		return new ReadinessGroupPostProcessor(properties);
	}

}
