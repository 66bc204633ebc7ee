package dev.bulwark.messaging.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
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
 * The outbox against the real NATS JetStream (127.0.0.1:4222), through a TCP proxy that the test cuts: events
 * committed while the server is unreachable are all delivered once it is back, in order per aggregate, and events
 * of rolled-back transactions never. A JetStream consumer that gives each message back once (a forced redelivery)
 * applies each event once, through the inbox.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.outbox.transport=nats",
				"bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.outbox.poll-interval=100ms", "bulwark.messaging.outbox.max-backoff=500ms",
				"spring.rabbitmq.port=1" })
class NatsOutboxTests {

	private static final TcpFaultProxy proxy = start();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

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
	static void server(DynamicPropertyRegistry registry) {
		registry.add("bulwark.messaging.outbox.nats-url", () -> "nats://127.0.0.1:" + proxy.port());
		registry.add("bulwark.messaging.outbox.nats-stream", () -> "BULWARK_TEST_" + RUN.toUpperCase());
		registry.add("bulwark.messaging.outbox.nats-subject-prefix", () -> "bulwark.test." + RUN);
	}

	@AfterAll
	static void stop() throws Exception {
		proxy.close();
		try (Connection connection = Nats.connect("nats://127.0.0.1:4222")) {
			connection.jetStreamManagement().deleteStream("BULWARK_TEST_" + RUN.toUpperCase());
		}
		catch (Exception ex) {
			// the stream was never made
		}
	}

	@Test
	void eventsCommittedDuringAnOutageAreDeliveredInOrderOnceTheServerIsBack() throws Exception {
		proxy.cut();
		OutboxScenario.commitTenEventsAndRollBackOne(this.transactions, this.outbox, RUN + "-");
		await().atMost(Duration.ofSeconds(15)).until(() -> OutboxScenario.failedDeliveries(this.jdbc, RUN + "-") > 0);
		OutboxScenario.assertNoAttemptCounted(this.jdbc, RUN + "-");
		assertThat(this.relay.pending()).isEqualTo(10);

		proxy.restore();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.relay.pending() == 0);

		List<OutboxScenario.Delivered> received = new CopyOnWriteArrayList<>();
		OutboxScenario.ShippingConsumer shipping = new OutboxScenario.ShippingConsumer(this.inbox);
		try (Connection connection = Nats.connect("nats://127.0.0.1:4222")) {
			Dispatcher dispatcher = connection.createDispatcher();
			connection.jetStream().subscribe("bulwark.test." + RUN + ".>", dispatcher, (message) -> {
				String eventId = message.getHeaders().getFirst("event-id");
				shipping.receive(eventId);
				if (message.metaData().deliveredCount() > 1) {
					message.ack();
					return;
				}
				received.add(new OutboxScenario.Delivered(message.getHeaders().getFirst("aggregate-id"),
						new String(message.getData(), StandardCharsets.UTF_8), eventId));
				// the first delivery is given back, as by a consumer that failed after its transaction
				message.nak();
			}, false, PushSubscribeOptions.builder()
				.stream("BULWARK_TEST_" + RUN.toUpperCase())
				.configuration(ConsumerConfiguration.builder()
					.ackPolicy(AckPolicy.Explicit)
					.deliverPolicy(DeliverPolicy.All)
					.maxAckPending(1)
					.build())
				.build());
			await().atMost(Duration.ofSeconds(30)).until(() -> shipping.deliveries() >= 20);
		}
		OutboxScenario.assertDeliveredOnceInOrder(received, RUN + "-");
		shipping.assertEachOfTenEventsTookEffectOnce();
	}

	@Test
	void anEventWhoseSubjectNatsRefusesIsAbandonedAtOnce() {
		String aggregate = "subject-" + UUID.randomUUID();
		// the subject is built from the event type: a space makes it one NATS can never take
		java.util.Map<String, Object> row = OutboxScenario.publishAndAwaitAbandoned(this.transactions, this.outbox,
				this.jdbc, aggregate, "Order Created");
		assertThat(row.get("attempts")).as("abandoned at the first refusal").isEqualTo(1);
		assertThat(String.valueOf(row.get("last_error"))).contains("NATS refused");
	}

	private static TcpFaultProxy start() {
		try {
			return TcpFaultProxy.to(4222);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
