package dev.bulwark.messaging.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dead-lettering of RabbitMQ messages that keep failing. The retries are Spring Boot's
 * {@code spring.rabbitmq.listener.simple.retry.*}, which Bulwark switches on (3 attempts: max-retries 2, waits from 1s doubling up to 10s).
 */
@ConfigurationProperties("bulwark.messaging.dead-letter")
public class DeadLetterProperties {

	/**
	 * Whether a message whose last attempt failed is republished to the dead-letter exchange.
	 */
	private boolean enabled = true;

	/**
	 * The dead-letter exchange (a durable topic exchange); messages keep their routing key, prefixed with "error.",
	 * and carry the error in the x-exception-message and x-exception-stacktrace headers.
	 */
	private String exchange = "bulwark.dead-letters";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getExchange() {
		return this.exchange;
	}

	public void setExchange(String exchange) {
		this.exchange = exchange;
	}

}
