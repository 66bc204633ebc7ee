package dev.bulwark.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox events to a Kafka topic with the aggregate id as key, so that an aggregate's events share a
 * partition and keep their order, and returns once the broker acknowledged them (Bulwark defaults the producer to
 * {@code acks=all} with idempotence).
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
		this.kafka.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static void header(ProducerRecord<String, String> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
