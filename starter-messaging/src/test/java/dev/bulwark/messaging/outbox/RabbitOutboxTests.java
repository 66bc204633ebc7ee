package dev.bulwark.messaging.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.messaging.testapp.PaymentsTestApplication;
import dev.bulwark.test.fault.TcpFaultProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against the real RabbitMQ (127.0.0.1:5672), reached through a TCP proxy that the test cuts: events
 * committed while the broker is unreachable are all delivered once it is back, in order per aggregate, and events of
 * rolled-back transactions never; each event that the broker redelivers (the consumer gave it back once) takes
 * effect once through the inbox.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.outbox.poll-interval=100ms",
				"bulwark.messaging.outbox.max-backoff=500ms", "spring.rabbitmq.username=guest",
				"spring.rabbitmq.password=guest", "spring.rabbitmq.connection-timeout=1s" })
class RabbitOutboxTests {

	private static final TcpFaultProxy proxy = start();

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	OutboxProperties properties;

	@Autowired
	Inbox inbox;

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", proxy::port);
		registry.add("bulwark.messaging.outbox.rabbit-exchange", () -> "bulwark.test." + UUID.randomUUID());
	}

	@AfterAll
	static void stop() throws IOException {
		proxy.close();
	}

	@Test
	void eventsCommittedDuringAnOutageAreDeliveredInOrderOnceTheBrokerIsBack() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8) + "-";
		String exchange = this.properties.getRabbitExchange();
		List<OutboxScenario.Delivered> received = new CopyOnWriteArrayList<>();
		OutboxScenario.ShippingConsumer shipping = new OutboxScenario.ShippingConsumer(this.inbox);
		try (Connection connection = direct().newConnection(); Channel channel = connection.createChannel()) {
			channel.exchangeDeclare(exchange, "topic", true);
			String queue = channel.queueDeclare().getQueue();
			channel.queueBind(queue, exchange, "#");
			channel.basicConsume(queue, false, (tag, delivery) -> {
				long deliveryTag = delivery.getEnvelope().getDeliveryTag();
				shipping.receive(delivery.getProperties().getMessageId());
				if (delivery.getEnvelope().isRedeliver()) {
					channel.basicAck(deliveryTag, false);
					return;
				}
				received.add(new OutboxScenario.Delivered(
						String.valueOf(delivery.getProperties().getHeaders().get("aggregate-id")),
						new String(delivery.getBody(), StandardCharsets.UTF_8), delivery.getProperties().getMessageId()));
				// the first delivery is given back, as by a consumer that died before acknowledging
				channel.basicNack(deliveryTag, false, true);
			}, (tag) -> {
			});

			proxy.cut();
			OutboxScenario.commitTenEventsAndRollBackOne(this.transactions, this.outbox, run);
			await().atMost(Duration.ofSeconds(10)).until(() -> OutboxScenario.failedDeliveries(this.jdbc, run) > 0);
			OutboxScenario.assertNoAttemptCounted(this.jdbc, run);
			assertThat(received).isEmpty();
			assertThat(this.relay.pending()).isGreaterThanOrEqualTo(10);

			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).until(() -> shipping.deliveries() >= 20);
			assertThat(this.relay.pending()).isZero();
		}
		OutboxScenario.assertDeliveredOnceInOrder(received, run);
		shipping.assertEachOfTenEventsTookEffectOnce();
	}

	@Test
	void anEventNoQueueIsBoundToReceiveIsNeverMarkedDeliveredAndIsAbandoned() {
		String aggregate = "unroutable-" + UUID.randomUUID();
		// no queue is bound to this test's exchange outside the test above, which unbinds when it ends
		java.util.Map<String, Object> row = OutboxScenario.publishAndAwaitAbandoned(this.transactions, this.outbox,
				this.jdbc, aggregate, "OrderChanged");
		assertThat(row.get("attempts")).isEqualTo(this.properties.getMaxAttempts());
		assertThat(String.valueOf(row.get("last_error"))).contains("Unroutable").contains("312 NO_ROUTE");
	}

	private static ConnectionFactory direct() {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(5672);
		factory.setUsername("guest");
		factory.setPassword("guest");
		return factory;
	}

	private static TcpFaultProxy start() {
		try {
			return TcpFaultProxy.to(5672);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
