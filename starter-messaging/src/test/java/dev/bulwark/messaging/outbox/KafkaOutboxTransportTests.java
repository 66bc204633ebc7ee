package dev.bulwark.messaging.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An event larger than Kafka takes (the producer's {@code max.request.size}, 1 MB by default) is refused for good, so
 * that the relay abandons it at once instead of trying it forever; an event of ordinary size goes out.
 */
class KafkaOutboxTransportTests {

	private static final String TOPIC = "bulwark.test." + UUID.randomUUID().toString().substring(0, 8);

	private static EmbeddedKafkaKraftBroker broker;

	private static DefaultKafkaProducerFactory<String, String> producers;

	@BeforeAll
	static void start() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				broker.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
	}

	@AfterAll
	static void stop() {
		producers.destroy();
		broker.destroy();
	}

	@Test
	void anEventLargerThanKafkaTakesIsRefusedForGood() throws Exception {
		KafkaOutboxTransport transport = new KafkaOutboxTransport(new KafkaTemplate<>(producers), TOPIC,
				Duration.ofSeconds(10));
		transport.send(event("{\"sequence\":0}"));
		String huge = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		assertThatExceptionOfType(EventRefusedException.class).isThrownBy(() -> transport.send(event(huge)))
			.satisfies((refused) -> assertThat(refused.isPermanent()).isTrue())
			.withMessageContaining("RecordTooLarge");
	}

	private static OutboxEvent event(String payload) {
		return new OutboxEvent(1, UUID.randomUUID().toString(), "order", "o-1", "OrderChanged", payload, Map.of());
	}

}
