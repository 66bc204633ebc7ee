package dev.bulwark.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox events to a Kafka topic with the aggregate id as key, so that an aggregate's events share a
 * partition and keep their order, and returns once the broker acknowledged them (Bulwark defaults the producer to
 * {@code acks=all} with idempotence). An event Kafka can never take (larger than {@code max.request.size}, an invalid
 * topic) is refused at once ({@link EventRefusedException}), so the relay abandons it instead of retrying forever.
 */
public class KafkaOutboxTransport implements OutboxTransport {

	private final KafkaTemplate<String, String> kafka;

	private final String topic;

	private final Duration timeout;

	public KafkaOutboxTransport(KafkaTemplate<String, String> kafka, String topic, Duration timeout) {
		this.kafka = kafka;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public void send(OutboxEvent event) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(this.topic, event.aggregateId(), event.payload());
		header(record, "event-id", event.eventId());
		header(record, "event-type", event.eventType());
		header(record, "aggregate-type", event.aggregateType());
		header(record, "aggregate-id", event.aggregateId());
		event.headers().forEach((name, value) -> header(record, name, value));
		try {
			this.kafka.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				// refusals that sending again cannot change: the event is abandoned at once
				if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException
						|| cause instanceof SerializationException) {
					throw new EventRefusedException("Kafka refused the event: " + cause, true, ex);
				}
			}
			throw ex;
		}
	}

	private static void header(ProducerRecord<String, String> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
