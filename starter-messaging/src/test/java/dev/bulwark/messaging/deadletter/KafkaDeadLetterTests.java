package dev.bulwark.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison record on an embedded KRaft Kafka broker: Spring Boot's listener container, given Bulwark's error
 * handler, retries it a bounded number of times, then publishes it to {@code <topic>.DLT} with the error in its
 * headers, and the partition moves on to the next record.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.enabled=false", "spring.kafka.consumer.auto-offset-reset=earliest",
				"bulwark.messaging.dead-letter.initial-interval=50ms", "spring.rabbitmq.port=1" })
@EmbeddedKafka(partitions = 1, topics = { KafkaDeadLetterTests.TOPIC, KafkaDeadLetterTests.TOPIC + ".DLT" },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(KafkaDeadLetterTests.PoisonListener.class)
class KafkaDeadLetterTests {

	static final String TOPIC = "bulwark.test.orders";

	static final AtomicInteger attempts = new AtomicInteger();

	static final List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void poisonRecordIsRetriedThenDeadLetteredAndThePartitionMovesOn(
			@Autowired org.springframework.core.env.Environment environment) throws Exception {
		this.kafka.send(TOPIC, "order-1", "{not json").get();
		this.kafka.send(TOPIC, "order-2", "{\"id\":2}").get();

		await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("{\"id\":2}"));
		assertThat(attempts).as("attempts at the poison record").hasValue(3);

		List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
				ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest"), new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC + ".DLT"));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(deadLetters::add);
				return !deadLetters.isEmpty();
			});
		}
		assertThat(deadLetters).singleElement().satisfies((record) -> {
			assertThat(record.key()).isEqualTo("order-1");
			assertThat(record.value()).isEqualTo("{not json");
			assertThat(new String(record.headers().lastHeader("kafka_dlt-exception-message").value(),
					StandardCharsets.UTF_8))
				.contains("cannot read order");
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PoisonListener {

		@KafkaListener(topics = TOPIC, groupId = "orders")
		void receive(String body) {
			if (body.startsWith("{not")) {
				attempts.incrementAndGet();
				throw new IllegalStateException("cannot read order " + body);
			}
			handled.add(body);
		}

	}

}
