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
 * message is dead-lettered; and, for PostgreSQL, MariaDB and MySQL, driver connect and socket timeouts, so that no
 * thread waits forever on a database that went silent (after a failover or a partition). A timeout in the URL wins.
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
			LowestPrecedenceDefaults.apply(environment, jdbcTimeouts(environment.getProperty("spring.datasource.url", "")));
		}
	}

	/**
	 * A read that waits longer than a minute fails rather than hanging; the connection is given up after 5 s.
	 */
	static Map<String, Object> jdbcTimeouts(String url) {
		String driver = "spring.datasource.hikari.data-source-properties.";
		if (url.startsWith("jdbc:postgresql:")) {
			// seconds
			return Map.of(driver + "socketTimeout", "60", driver + "connectTimeout", "5", driver + "tcpKeepAlive",
					"true");
		}
		if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
			// milliseconds
			return Map.of(driver + "socketTimeout", "60000", driver + "connectTimeout", "5000");
		}
		return Map.of();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
