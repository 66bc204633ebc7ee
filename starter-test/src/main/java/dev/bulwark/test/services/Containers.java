package dev.bulwark.test.services;

import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers side: one container per service for the whole test run (Testcontainers' Ryuk removes them when
 * the JVM ends). Only loaded when Testcontainers is on the class path.
 */
final class Containers {

	private Containers() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource")
	static ServiceEndpoint start(ExternalService service) {
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(service.image()))
			.withExposedPorts(service.containerPort())
			.withStartupTimeout(Duration.ofMinutes(2));
		switch (service) {
			case POSTGRESQL -> container.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
				.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
			case RABBITMQ -> container.withExposedPorts(5672, 15672)
				.waitingFor(Wait.forLogMessage(".*Server startup complete.*", 1));
			case NATS -> container.withCommand("-js").waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
			default -> container.waitingFor(Wait.forListeningPort());
		}
		container.start();
		String host = container.getHost();
		int port = container.getMappedPort(service.containerPort());
		String url = switch (service) {
			case POSTGRESQL -> "jdbc:postgresql://" + host + ":" + port + "/postgres";
			case REDIS -> "redis://" + host + ":" + port;
			case RABBITMQ -> {
				System.setProperty("bulwark.test.rabbitmq.management-url",
						"http://" + host + ":" + container.getMappedPort(15672));
				yield "amqp://guest:guest@" + host + ":" + port;
			}
			case NATS -> "nats://" + host + ":" + port;
			case KAFKA -> host + ":" + port;
		};
		return ServiceEndpoint.of(service, url, true);
	}

}
