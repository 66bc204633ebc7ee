package dev.bulwark.messaging;

import java.util.Map;

import dev.bulwark.core.defaults.LowestPrecedenceDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Messaging defaults at the lowest precedence: RabbitMQ publisher confirms and Kafka {@code acks=all} with an
 * idempotent producer, which the outbox relay relies on, and retries with backoff for RabbitMQ listeners before a
 * message is dead-lettered.
 */
public class MessagingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("bulwark.defaults.enabled", Boolean.class, true)) {
			LowestPrecedenceDefaults.apply(environment,
					Map.of("spring.rabbitmq.publisher-confirm-type", "simple", "spring.kafka.producer.acks", "all",
							"spring.kafka.producer.properties[enable.idempotence]", "true",
							// a failing message is retried with backoff, then dead-lettered (DeadLetterAutoConfiguration)
							"spring.rabbitmq.listener.simple.retry.enabled", "true",
							"spring.rabbitmq.listener.simple.retry.max-retries", "2",
							"spring.rabbitmq.listener.simple.retry.initial-interval", "1s",
							"spring.rabbitmq.listener.simple.retry.multiplier", "2",
							"spring.rabbitmq.listener.simple.retry.max-interval", "10s"));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
