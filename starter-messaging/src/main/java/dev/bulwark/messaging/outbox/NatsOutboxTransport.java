package dev.bulwark.messaging.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
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

	private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

	private final ExecutorService publisher = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("bulwark-outbox-nats").daemon().factory());

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
		byte[] body = event.payload().getBytes(StandardCharsets.UTF_8);
		// on a thread of its own, with a bound: a connection that is reconnecting must not hold the relay
		Future<PublishAck> ack = this.publisher.submit(() -> jetStream().publish(subject, headers, body));
		try {
			ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IllegalArgumentException invalid) {
				// jnats validates before sending: an invalid subject (a space, an empty token) or a payload over the
				// server's max_payload can never be published
				throw new EventRefusedException(
						"NATS refused the event for subject '" + subject + "': " + invalid.getMessage(), true, invalid);
			}
			if (ex.getCause() instanceof JetStreamApiException api) {
				throw api;
			}
			// no answer: start over with a new connection, as one that came back from a reconnect may not be
			// answered by JetStream
			reconnect();
			throw (ex.getCause() instanceof IOException io) ? io
					: new IOException("JetStream did not acknowledge the event", ex.getCause());
		}
		catch (TimeoutException ex) {
			ack.cancel(true);
			reconnect();
			throw new IOException("No JetStream acknowledgement within " + ACK_TIMEOUT, ex);
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

	private synchronized void reconnect() throws InterruptedException {
		Connection connection = this.connection;
		this.jetStream = null;
		this.connection = null;
		if (connection != null) {
			connection.close();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.publisher.shutdownNow();
		Connection connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

}
