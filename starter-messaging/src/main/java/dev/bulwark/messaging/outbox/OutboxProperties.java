package dev.bulwark.messaging.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The transactional outbox and its relay.
 */
@Validated
@ConfigurationProperties("bulwark.messaging.outbox")
public class OutboxProperties {

	/**
	 * Whether the outbox and its relay are active.
	 */
	private boolean enabled = true;

	/**
	 * How often the relay looks for pending events.
	 */
	private Duration pollInterval = Duration.ofMillis(500);

	/**
	 * Most events relayed in one transaction.
	 */
	@Min(1)
	private int batchSize = 100;

	/**
	 * Longest wait between attempts while the broker cannot be reached (the wait doubles from the poll interval).
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Attempts at an event the broker refuses (while it acknowledges others) before the event is abandoned: kept,
	 * with its last error, for the outbox actuator endpoint to list and re-drive. A broker that cannot be reached
	 * abandons nothing.
	 */
	@Min(1)
	private int maxAttempts = 10;

	/**
	 * What the later events of an aggregate do once one of its events is abandoned: wait behind it (order kept)
	 * until it is re-driven, or skip it.
	 */
	private AfterAbandoned afterAbandoned = AfterAbandoned.WAIT;

	/**
	 * How long the relay of one instance holds the right to relay after taking or renewing it; another instance
	 * takes over within this time when the holder dies or loses its database. The holder stops sending with a third
	 * of it left.
	 */
	@DurationMin(millis = 1)
	private Duration lease = Duration.ofSeconds(30);

	/**
	 * How long delivered events are kept before they are deleted.
	 */
	private Duration retention = Duration.ofDays(7);

	/**
	 * How often delivered events past the retention are deleted (in batches of 500).
	 */
	@DurationMin(millis = 1)
	private Duration cleanupInterval = Duration.ofHours(1);

	/**
	 * Whether the outbox tables are created at start-up when they do not exist (from
	 * dev/bulwark/messaging/outbox/schema-*.sql). Off: create them with your migrations.
	 */
	private boolean initializeSchema = false;

	/**
	 * Which broker the relay delivers to; with none set, RabbitMQ when it is configured.
	 */
	private Transport transport = Transport.RABBIT;

	/**
	 * RabbitMQ: the exchange events are published to, with the event type as routing key.
	 */
	private String rabbitExchange = "bulwark.events";

	/**
	 * Kafka: the topic events are published to, keyed by aggregate id.
	 */
	private String kafkaTopic = "bulwark.events";

	/**
	 * NATS: the server URL.
	 */
	private String natsUrl = "nats://127.0.0.1:4222";

	/**
	 * NATS: the JetStream stream holding the events, created when missing.
	 */
	private String natsStream = "BULWARK_EVENTS";

	/**
	 * NATS: the subject prefix; an event is published to {@code <prefix>.<event type>}.
	 */
	private String natsSubjectPrefix = "bulwark.events";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public boolean isInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(boolean initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public String getKafkaTopic() {
		return this.kafkaTopic;
	}

	public void setKafkaTopic(String kafkaTopic) {
		this.kafkaTopic = kafkaTopic;
	}

	public String getNatsUrl() {
		return this.natsUrl;
	}

	public void setNatsUrl(String natsUrl) {
		this.natsUrl = natsUrl;
	}

	public String getNatsStream() {
		return this.natsStream;
	}

	public void setNatsStream(String natsStream) {
		this.natsStream = natsStream;
	}

	public String getNatsSubjectPrefix() {
		return this.natsSubjectPrefix;
	}

	public void setNatsSubjectPrefix(String natsSubjectPrefix) {
		this.natsSubjectPrefix = natsSubjectPrefix;
	}

	public String getRabbitExchange() {
		return this.rabbitExchange;
	}

	public void setRabbitExchange(String rabbitExchange) {
		this.rabbitExchange = rabbitExchange;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public AfterAbandoned getAfterAbandoned() {
		return this.afterAbandoned;
	}

	public void setAfterAbandoned(AfterAbandoned afterAbandoned) {
		this.afterAbandoned = afterAbandoned;
	}

	/**
	 * What an aggregate's later events do once one of its events is abandoned.
	 */
	public enum AfterAbandoned {

		/**
		 * They wait behind it until it is re-driven: the aggregate's order is kept.
		 */
		WAIT,

		/**
		 * They are delivered without it.
		 */
		SKIP

	}

	/**
	 * Brokers the relay can deliver to.
	 */
	public enum Transport {

		/**
		 * RabbitMQ, with publisher confirms.
		 */
		RABBIT,

		/**
		 * Kafka, with acks=all and an idempotent producer.
		 */
		KAFKA,

		/**
		 * NATS JetStream, with publish acknowledgements.
		 */
		NATS,

		/**
		 * No broker: each event is handed to the application's {@code @EventListener}s for {@link OutboxEvent}
		 * in this process. For development and tests only: nothing leaves the process.
		 */
		IN_MEMORY

	}

}
