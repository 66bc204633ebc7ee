package dev.bulwark.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.messaging.testapp.PaymentsTestApplication;
import dev.bulwark.test.fault.TcpFaultProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against an embedded KRaft Kafka broker (Kafka is not installed here) that is not running while events
 * are committed (the service's bootstrap address is a closed port) and starts afterwards: all events are delivered, in order per
 * aggregate (the aggregate id is the key), and events of rolled-back transactions never. A consumer that is then made
 * to read the topic again from the start (a forced redelivery) applies each event once, through the inbox.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.outbox.transport=kafka",
				"bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.outbox.poll-interval=100ms", "bulwark.messaging.outbox.max-backoff=500ms",
				"spring.kafka.producer.properties[max.block.ms]=1000", "spring.rabbitmq.port=1" })
class KafkaOutboxTests {

	// the service bootstraps through this proxy, closed until the broker runs; the broker then advertises itself
	private static final TcpFaultProxy bootstrap = closedProxy();

	private static final String TOPIC = "bulwark.test." + UUID.randomUUID().toString().substring(0, 8);

	private static EmbeddedKafkaKraftBroker broker;

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Inbox inbox;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + bootstrap.port());
		registry.add("bulwark.messaging.outbox.kafka-topic", () -> TOPIC);
	}

	@AfterAll
	static void stop() throws java.io.IOException {
		bootstrap.close();
		if (broker != null) {
			broker.destroy();
		}
	}

	@Test
	void eventsCommittedWhileTheBrokerIsDownAreDeliveredInOrderOnceItIsUp() throws Exception {
		OutboxScenario.commitTenEventsAndRollBackOne(this.transactions, this.outbox, "");
		await().atMost(Duration.ofSeconds(15)).until(() -> OutboxScenario.failedDeliveries(this.jdbc, "") > 0);
		OutboxScenario.assertNoAttemptCounted(this.jdbc, "");
		assertThat(this.relay.pending()).isEqualTo(10);

		broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		String brokers = broker.getBrokersAsString();
		bootstrap.restore(Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1)));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.relay.pending() == 0);

		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG,
				"outbox-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
				return records.size() >= 10;
			});
			OutboxScenario.ShippingConsumer shipping = new OutboxScenario.ShippingConsumer(this.inbox);
			records.forEach((record) -> shipping.receive(eventId(record)));

			// forced redelivery: the consumer goes back to the start of its partitions
			consumer.seekToBeginning(consumer.assignment());
			List<ConsumerRecord<String, String>> again = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(again::add);
				return again.size() >= 10;
			});
			again.forEach((record) -> shipping.receive(eventId(record)));
			shipping.assertEachOfTenEventsTookEffectOnce();
		}
		OutboxScenario.assertDeliveredOnceInOrder(records.stream()
			.map((record) -> new OutboxScenario.Delivered(record.key(), record.value(), eventId(record)))
			.toList(), "");
	}

	private static String eventId(ConsumerRecord<String, String> record) {
		return new String(record.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8);
	}

	private static TcpFaultProxy closedProxy() {
		try {
			TcpFaultProxy proxy = TcpFaultProxy.to(1);
			proxy.cut();
			return proxy;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
