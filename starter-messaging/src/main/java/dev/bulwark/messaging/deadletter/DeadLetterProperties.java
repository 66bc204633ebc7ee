package dev.bulwark.messaging.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dead-lettering of messages that keep failing. For RabbitMQ the retries are Spring Boot's
 * {@code spring.rabbitmq.listener.simple.retry.*}, which Bulwark switches on (3 attempts: max-retries 2, waits from
 * 1s doubling up to 10s); for Kafka and NATS they are the attempts and backoff below.
 */
@ConfigurationProperties("bulwark.messaging.dead-letter")
public class DeadLetterProperties {

	/**
	 * Whether a message whose last attempt failed is moved to a dead-letter destination (RabbitMQ exchange, Kafka topic, NATS subject).
	 */
	private boolean enabled = true;

	/**
	 * The dead-letter exchange (a durable topic exchange); messages keep their routing key, prefixed with "error.",
	 * and carry the error in the x-exception-message and x-exception-stacktrace headers.
	 */
	private String exchange = "bulwark.dead-letters";

	/**
	 * Kafka and NATS: attempts at a message, the first included, before it is dead-lettered.
	 */
	private int maxAttempts = 3;

	/**
	 * Kafka and NATS: wait before the second attempt; it doubles for each further attempt.
	 */
	private Duration initialInterval = Duration.ofSeconds(1);

	/**
	 * Kafka and NATS: longest wait between attempts.
	 */
	private Duration maxInterval = Duration.ofSeconds(10);

	/**
	 * Kafka: a failed record goes to its topic's name with this suffix, with the error in the
	 * kafka_dlt-exception-* headers.
	 */
	private String kafkaTopicSuffix = ".DLT";

	/**
	 * NATS: a failed message goes to this prefix followed by its subject, with the error in the
	 * x-exception-message header.
	 */
	private String natsSubjectPrefix = "bulwark.dead-letters";

	/**
	 * NATS: the JetStream stream that keeps dead letters (created when missing, file storage).
	 */
	private String natsStream = "BULWARK_DEAD_LETTERS";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public String getKafkaTopicSuffix() {
		return this.kafkaTopicSuffix;
	}

	public void setKafkaTopicSuffix(String kafkaTopicSuffix) {
		this.kafkaTopicSuffix = kafkaTopicSuffix;
	}

	public String getNatsSubjectPrefix() {
		return this.natsSubjectPrefix;
	}

	public void setNatsSubjectPrefix(String natsSubjectPrefix) {
		this.natsSubjectPrefix = natsSubjectPrefix;
	}

	public String getNatsStream() {
		return this.natsStream;
	}

	public void setNatsStream(String natsStream) {
		this.natsStream = natsStream;
	}

	/**
	 * @param attempt the attempt that failed (1 for the first)
	 * @return how long to wait before the next one
	 */
	public Duration backoffAfter(long attempt) {
		long millis = this.initialInterval.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		return Duration.ofMillis(Math.min(millis, this.maxInterval.toMillis()));
	}

	public String getExchange() {
		return this.exchange;
	}

	public void setExchange(String exchange) {
		this.exchange = exchange;
	}

}
