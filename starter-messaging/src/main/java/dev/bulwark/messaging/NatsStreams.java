package dev.bulwark.messaging;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * JetStream streams that Bulwark publishes to (the outbox's events, the dead letters), created when missing.
 */
public final class NatsStreams {

	private NatsStreams() {
	}

	/**
	 * Creates the stream, on file storage, unless one of that name exists.
	 * @param connection a connection to the server
	 * @param name the stream's name
	 * @param subjects the subjects it keeps, such as {@code bulwark.events.>}
	 * @throws IOException when the server cannot be reached
	 * @throws JetStreamApiException when JetStream refuses
	 */
	public static void ensure(Connection connection, String name, String subjects)
			throws IOException, JetStreamApiException {
		JetStreamManagement management = connection.jetStreamManagement();
		if (!management.getStreamNames().contains(name)) {
			management.addStream(
					StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File).build());
		}
	}

}
