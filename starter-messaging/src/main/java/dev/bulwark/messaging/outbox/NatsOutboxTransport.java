package dev.bulwark.messaging.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import dev.bulwark.messaging.NatsStreams;

import org.springframework.beans.factory.DisposableBean;

/**
 * Publishes outbox events to a NATS JetStream stream (subject {@code <prefix>.<event type>}) and returns once
 * JetStream acknowledged them. The event id goes out as {@code Nats-Msg-Id}, so JetStream itself drops a copy that a
 * relay sends again within its deduplication window. The connection is made on first use and reconnects by itself.
 * An event that can never be published (an invalid subject, such as an event type with a space, or a payload over
 * the server's maximum) is refused at once ({@link EventRefusedException}), and the relay abandons it.
 */
public class NatsOutboxTransport implements OutboxTransport, DisposableBean {

	private final OutboxProperties properties;

	private volatile @Nullable Connection connection;

	private volatile @Nullable JetStream jetStream;

	public NatsOutboxTransport(OutboxProperties properties) {
		this.properties = properties;
	}

	@Override
	public void send(OutboxEvent event) throws IOException, JetStreamApiException, InterruptedException {
		Headers headers = new Headers();
		headers.put("Nats-Msg-Id", event.eventId());
		headers.put("event-id", event.eventId());
		headers.put("event-type", event.eventType());
		headers.put("aggregate-type", event.aggregateType());
		headers.put("aggregate-id", event.aggregateId());
		event.headers().forEach(headers::put);
		String subject = this.properties.getNatsSubjectPrefix() + "." + event.eventType();
		try {
			jetStream().publish(subject, headers, event.payload().getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			// jnats validates before sending: an invalid subject (a space, an empty token) or a payload over the
			// server's max_payload can never be published
			throw new EventRefusedException("NATS refused the event for subject '" + subject + "': " + ex.getMessage(),
					true, ex);
		}
	}

	private synchronized JetStream jetStream() throws IOException, JetStreamApiException, InterruptedException {
		JetStream current = this.jetStream;
		if (current != null) {
			return current;
		}
		Connection connection = Nats.connect(new Options.Builder().server(this.properties.getNatsUrl())
			.connectionTimeout(Duration.ofSeconds(2))
			.reconnectWait(Duration.ofMillis(200))
			.maxReconnects(-1)
			.build());
		this.connection = connection;
		NatsStreams.ensure(connection, this.properties.getNatsStream(), this.properties.getNatsSubjectPrefix() + ".>");
		current = connection.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
		this.jetStream = current;
		return current;
	}

	@Override
	public void destroy() throws InterruptedException {
		Connection connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

}
