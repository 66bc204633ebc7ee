package dev.bulwark.messaging;

import java.util.Map;

import dev.bulwark.core.defaults.LowestPrecedenceDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Messaging defaults at the lowest precedence: RabbitMQ publisher confirms and Kafka {@code acks=all} with an
 * idempotent producer, which the outbox relay relies on.
 */
public class MessagingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("bulwark.defaults.enabled", Boolean.class, true)) {
			LowestPrecedenceDefaults.apply(environment,
					Map.of("spring.rabbitmq.publisher-confirm-type", "simple", "spring.kafka.producer.acks", "all",
							"spring.kafka.producer.properties[enable.idempotence]", "true"));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
