package dev.bulwark.test.services;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A service that integration tests can ask for with {@link ExternalServices}: where it runs when nothing is configured
 * (its usual port on this machine) and the image that runs it when a Docker engine is available.
 */
public enum ExternalService {

	/**
	 * PostgreSQL; each test class gets a fresh database of its own.
	 */
	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres:17-alpine", 5432),

	/**
	 * Redis; each test class gets a key prefix of its own ({@code bulwark.test.redis.key-prefix}).
	 */
	REDIS("redis://127.0.0.1:6379", "redis:7-alpine", 6379),

	/**
	 * RabbitMQ; each test class gets a fresh virtual host of its own (made through the management API).
	 */
	RABBITMQ("amqp://guest:guest@127.0.0.1:5672", "rabbitmq:4-management-alpine", 5672),

	/**
	 * NATS with JetStream; each test class gets a subject prefix and stream name of its own.
	 */
	NATS("nats://127.0.0.1:4222", "nats:2-alpine", 4222),

	/**
	 * Kafka (a running broker only: no container is started for it); each test class gets a topic prefix and
	 * consumer group of its own.
	 */
	KAFKA("127.0.0.1:9092", null, 9092);

	private final String defaultUrl;

	private final @Nullable String image;

	private final int containerPort;

	ExternalService(String defaultUrl, @Nullable String image, int containerPort) {
		this.defaultUrl = defaultUrl;
		this.image = image;
		this.containerPort = containerPort;
	}

	/**
	 * @return the name in settings, such as {@code postgresql} in {@code bulwark.test.postgresql.url}
	 */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @return where the service runs when nothing else is configured
	 */
	public String defaultUrl() {
		return this.defaultUrl;
	}

	/**
	 * @return the container image, or {@code null} when the kit never starts a container for it
	 */
	public @Nullable String image() {
		return this.image;
	}

	/**
	 * @return the port the service listens on inside its container
	 */
	public int containerPort() {
		return this.containerPort;
	}

}
