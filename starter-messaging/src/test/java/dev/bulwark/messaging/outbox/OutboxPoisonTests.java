package dev.bulwark.messaging.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poisoned event among a hundred good ones over ten aggregates, on each database the starter ships a schema for:
 * the other aggregates' events are all delivered in order; the poisoned one is abandoned after max-attempts, its
 * aggregate's later events wait behind it, the metric and the actuator endpoint show it, and once the fault is gone
 * a re-drive delivers it and the events behind it, in order. The broker is a collaborator here: a transport that
 * refuses the poisoned event while acknowledging the others, as a broker that rejects one message does.
 */
@SpringBootTest(classes = PaymentsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.outbox.poll-interval=50ms",
				"bulwark.messaging.outbox.max-backoff=200ms", "bulwark.messaging.outbox.max-attempts=3",
				"management.endpoints.web.exposure.include=outbox,health" })
@Import(OutboxPoisonTests.RefusingBroker.class)
abstract class OutboxPoisonTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	RefusingBroker broker;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@Test
	void aPoisonedEventIsAbandonedWhileTheOthersFlowAndIsRedrivenOnceTheFaultIsGone() throws Exception {
		String run = Long.toString(System.nanoTime(), 36) + "-";
		this.broker.refusing.set(true);
		for (int i = 0; i < 100; i++) {
			int sequence = i / 10;
			String aggregate = run + (i % 10);
			String kind = (i == 43) ? "poison" : "good";
			this.transactions.executeWithoutResult((status) -> this.outbox.publish("order", aggregate, "OrderChanged",
					Map.of("sequence", sequence, "kind", kind)));
		}
		String poisoned = run + 3;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.broker.delivered(run).size() >= 94 && abandoned() == 1);
		for (int aggregate = 0; aggregate < 10; aggregate++) {
			assertThat(this.broker.sequences(run + aggregate)).as("aggregate " + aggregate)
				.containsExactlyElementsOf((aggregate == 3) ? List.of(0, 1, 2, 3) : List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
		}
		HttpResponse<String> listed = client.send(HttpRequest.newBuilder(url("/actuator/outbox")).build(),
				BodyHandlers.ofString());
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("\"count\":1").contains(poisoned).contains("\"attempts\":3")
			.contains("refused");

		this.broker.refusing.set(false);
		HttpResponse<String> redriven = client.send(HttpRequest.newBuilder(url("/actuator/outbox"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
		assertThat(redriven.body()).contains("\"redriven\":1");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.broker.sequences(poisoned).size() == 10);
		assertThat(this.broker.sequences(poisoned)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(this.broker.delivered(run)).hasSize(100);
		assertThat(abandoned()).isZero();
	}

	private double abandoned() {
		return this.meters.get("bulwark.outbox.abandoned").gauge().value();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * A broker that acknowledges every event but the poisoned ones, which it refuses while {@link #refusing}.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RefusingBroker implements OutboxTransport {

		final AtomicBoolean refusing = new AtomicBoolean();

		final List<OutboxEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void send(OutboxEvent event) {
			if (this.refusing.get() && event.payload().contains("poison")) {
				throw new IllegalStateException("The broker refused the event (422)");
			}
			this.received.add(event);
		}

		List<OutboxEvent> delivered(String run) {
			return this.received.stream().filter((event) -> event.aggregateId().startsWith(run)).toList();
		}

		List<Integer> sequences(String aggregate) {
			return this.received.stream()
				.filter((event) -> event.aggregateId().equals(aggregate))
				.map((event) -> Integer.parseInt(event.payload().replaceAll(".*\"sequence\":(\\d+).*", "$1")))
				.toList();
		}

	}

}
