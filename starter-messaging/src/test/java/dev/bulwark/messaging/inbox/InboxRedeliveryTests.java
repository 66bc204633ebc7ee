package dev.bulwark.messaging.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.outbox.Outbox;
import dev.bulwark.messaging.outbox.OutboxProperties;
import dev.bulwark.messaging.outbox.OutboxRelay;
import dev.bulwark.messaging.outbox.OutboxTransport;
import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * A relay that dies between the broker's acknowledgement and marking the event done, and a consumer that dies
 * before acknowledging: the event reaches the consumer three times, over the real RabbitMQ, and takes effect once.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.outbox.poll-interval=1h", "bulwark.messaging.outbox.lease=1s", "spring.rabbitmq.host=127.0.0.1",
				"spring.rabbitmq.port=5672" })
class InboxRedeliveryTests {

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	OutboxTransport transport;

	@Autowired
	Inbox inbox;

	@Autowired
	OutboxProperties properties;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void exchange(DynamicPropertyRegistry registry) {
		registry.add("bulwark.messaging.outbox.rabbit-exchange", () -> "bulwark.test." + UUID.randomUUID());
	}

	@Test
	void redeliveredEventTakesEffectOnce() throws Exception {
		AtomicInteger charges = new AtomicInteger();
		List<String> deliveredIds = new CopyOnWriteArrayList<>();
		AtomicBoolean consumerCrashed = new AtomicBoolean();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(5672);
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			channel.exchangeDeclare(this.properties.getRabbitExchange(), "topic", true);
			String queue = channel.queueDeclare().getQueue();
			channel.queueBind(queue, this.properties.getRabbitExchange(), "#");
			channel.basicConsume(queue, false, (tag, delivery) -> {
				String eventId = String.valueOf(delivery.getProperties().getHeaders().get("event-id"));
				deliveredIds.add(eventId);
				this.inbox.receive("billing", eventId, charges::incrementAndGet);
				if (consumerCrashed.compareAndSet(false, true)) {
					// the consumer dies after its transaction but before acknowledging: the broker redelivers
					channel.basicNack(delivery.getEnvelope().getDeliveryTag(), false, true);
				}
				else {
					channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
				}
			}, (tag) -> {
			});

			String eventId = this.transactions.execute(
					(status) -> this.outbox.publish("payment", "p-1", "PaymentRequested", Map.of("amount", 42)));

			// the relay's process dies right after the broker acknowledged, before marking the event done (its
			// connection lost: the relay records no attempt, as a dead process records nothing)
			OutboxRelay crashing = new OutboxRelay(this.jdbc, this.transactions, (OutboxTransport) (event) -> {
				this.transport.send(event);
				throw new java.io.UncheckedIOException(new java.io.IOException("relay process killed"));
			}, this.properties, JsonMapper.shared());
			assertThatException().isThrownBy(crashing::relayOnce);
			// the next relay takes over once the dead one's lease has run out
			await().atMost(Duration.ofSeconds(10)).until(() -> this.relay.relayOnce() == 1);

			await().atMost(Duration.ofSeconds(10)).until(() -> deliveredIds.size() >= 3);
			assertThat(deliveredIds).containsOnly(eventId);
			assertThat(charges).as("the payment is charged once").hasValue(1);
		}
	}

}
