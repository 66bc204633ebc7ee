package dev.bulwark.messaging.deadletter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulwark.messaging.NatsStreams;

/**
 * Bounded retries and dead-lettering for JetStream consumers, which NATS leaves to the application. Wrap a handler
 * of a subscription with manual acknowledgement in {@link #guard}: a message it handles is acknowledged; one it
 * fails is redelivered after a growing delay ({@code nakWithDelay}), and after the last attempt it is published to
 * {@code <dead-letter prefix>.<subject>} with the error in the {@code x-exception-message} header and then
 * terminated. Terminated only once the dead letter was acknowledged by JetStream, so nothing is lost, provided the
 * consumer's {@code MaxDeliver} is unlimited or above the attempts: the server itself drops a message after its
 * last delivery.
 */
public class NatsDeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(NatsDeadLetters.class);

	private final Connection connection;

	private final DeadLetterProperties properties;

	private volatile boolean streamReady;

	public NatsDeadLetters(Connection connection, DeadLetterProperties properties) {
		this.connection = connection;
		this.properties = properties;
	}

	/**
	 * @param handler what the consumer does with a message; throwing means it failed
	 * @return a handler for a JetStream subscription with manual acknowledgement
	 */
	public MessageHandler guard(Handler handler) {
		return (message) -> {
			try {
				handler.handle(message);
			}
			catch (Exception ex) {
				failed(message, ex);
				return;
			}
			message.ack();
		};
	}

	private void failed(Message message, Exception error) {
		long attempt = message.metaData().deliveredCount();
		if (attempt < this.properties.getMaxAttempts()) {
			message.nakWithDelay(this.properties.backoffAfter(attempt));
			return;
		}
		try {
			deadLetter(message, error);
			message.term();
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			logger.warn("Could not dead-letter a message of {}; it will be redelivered", message.getSubject(), ex);
			message.nakWithDelay(this.properties.getMaxInterval());
		}
	}

	private void deadLetter(Message message, Exception error) throws IOException, JetStreamApiException {
		ensureStream();
		Headers headers = new Headers();
		if (message.getHeaders() != null) {
			message.getHeaders().forEach((name, values) -> {
				// JetStream's own headers (Nats-Msg-Id, Nats-Expected-*, Nats-Rollup, ...) belong to the original stream
				if (!name.regionMatches(true, 0, "Nats-", 0, 5)) {
					headers.put(name, values);
				}
			});
		}
		headers.put("x-original-subject", message.getSubject());
		headers.put("x-exception-message", String.valueOf(error.getMessage()));
		headers.put("x-exception-class", error.getClass().getName());
		headers.put("x-delivery-attempts", Long.toString(message.metaData().deliveredCount()));
		this.connection.jetStream()
			.publish(NatsMessage.builder()
				.subject(this.properties.getNatsSubjectPrefix() + "." + message.getSubject())
				.headers(headers)
				.data((message.getData() != null) ? message.getData() : "".getBytes(StandardCharsets.UTF_8))
				.build());
	}

	private void ensureStream() throws IOException, JetStreamApiException {
		if (this.streamReady) {
			return;
		}
		NatsStreams.ensure(this.connection, this.properties.getNatsStream(), this.properties.getNatsSubjectPrefix() + ".>");
		this.streamReady = true;
	}

	/**
	 * What a consumer does with one message.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * @param message the message
		 * @throws Exception when it could not be handled
		 */
		void handle(Message message) throws Exception;

	}

}
