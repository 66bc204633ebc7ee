package dev.bulwark.sample.fulfilment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.summaries.OrderSummaryProjection;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fulfilment saga and the order summaries over real HTTP, with real stand-ins for the inventory and payments
 * services, and the outbox delivering in process: a placed order is confirmed, or cancelled with its reservation
 * released when payment is declined; the read model follows, says how stale it may be, and applies a redelivered
 * event once.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "bulwark.messaging.outbox.poll-interval=50ms")
class OrderFulfilmentTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	// one for the run, shared with PostgresRabbitFulfilmentTests (a subclass's @AfterAll would close it under this one)
	private static final StubDownstreamServer downstream = start();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	OrderSaga saga;

	@Autowired
	OrderSummaryProjection projection;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
		registry.add("sample.inventory.base-url", downstream::baseUrl);
		registry.add("sample.payments.base-url", downstream::baseUrl);
	}

	@Test
	void placedOrderIsReservedPaidAndConfirmedAndTheSummaryFollows() throws Exception {
		String customer = "c-" + UUID.randomUUID();
		long id = place(customer, "BOOK-1", 2);

		JsonNode order = awaitDecided(id);
		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(downstream.callsFor(id)).containsExactly("POST /api/reservations order-" + id + "-reservation",
				"POST /api/payments order-" + id + "-payment");

		HttpResponse<String> summary = awaitSummary(id, "CONFIRMED");
		JsonNode body = json.readTree(summary.body());
		assertThat(body.path("customerId").asString()).isEqualTo(customer);
		assertThat(body.path("itemCount").asInt()).isEqualTo(2);
		assertThat(body.path("asOf").asString()).isNotBlank();
		assertThat(summary.headers().firstValue("Read-Model-Lag")).as("how stale the read model may be").isPresent();
		HttpResponse<String> list = get("/api/order-summaries?customerId=" + customer);
		assertThat(json.readTree(list.body()).valueStream().map((item) -> item.path("orderId").asLong()))
			.as(list.body())
			.containsExactly(id);
	}

	@Test
	void declinedPaymentReleasesTheReservationAndCancelsTheOrder() throws Exception {
		long id = place("broke-" + UUID.randomUUID(), "BOOK-1", 1);

		JsonNode order = awaitDecided(id);
		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("statusReason").asString()).isEqualTo("Payment declined (402)");
		assertThat(downstream.callsFor(id)).containsExactly("POST /api/reservations order-" + id + "-reservation",
				"POST /api/payments order-" + id + "-payment", "DELETE /api/reservations/" + id + " null");
		JsonNode summary = json.readTree(awaitSummary(id, "CANCELLED").body());
		assertThat(summary.path("statusReason").asString()).isEqualTo("Payment declined (402)");
	}

	@Test
	void stepWithAnUnknownOutcomeIsRetriedNotCompensated() throws Exception {
		long id = place("flaky-" + UUID.randomUUID(), "BOOK-1", 1);

		JsonNode order = awaitDecided(id);
		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
		// the payments service failed (503) more often than the client retries: the saga did not compensate, the
		// event was delivered again and the saga ran again with the same Idempotency-Keys
		String reservation = "POST /api/reservations order-" + id + "-reservation";
		String payment = "POST /api/payments order-" + id + "-payment";
		assertThat(downstream.callsFor(id)).containsExactly(reservation, payment, payment, payment, reservation,
				payment);
	}

	@Test
	void refusedReservationCancelsTheOrderWithoutTakingPayment() throws Exception {
		long id = place("c-" + UUID.randomUUID(), "GONE-1", 1);

		JsonNode order = awaitDecided(id);
		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("statusReason").asString()).isEqualTo("Stock could not be reserved (409)");
		assertThat(downstream.callsFor(id)).containsExactly("POST /api/reservations order-" + id + "-reservation");
	}

	@Test
	void redeliveredEventsChangeNothing() throws Exception {
		long id = place("c-" + UUID.randomUUID(), "BOOK-1", 1);
		awaitSummary(id, "CONFIRMED");
		int calls = downstream.callsFor(id).size();

		Map<String, Object> created = this.jdbc.queryForMap(
				"SELECT event_id, payload FROM bulwark_outbox WHERE aggregate_id = ? AND event_type = 'OrderCreated'",
				String.valueOf(id));
		this.saga.fulfil(json.readTree((String) created.get("payload")));
		assertThat(this.projection.apply((String) created.get("event_id"), "OrderCreated",
				(String) created.get("payload")))
			.as("applied again")
			.isFalse();

		assertThat(downstream.callsFor(id)).as("no step repeated for a decided order").hasSize(calls);
		assertThat(json.readTree(get("/api/order-summaries/" + id).body()).path("status").asString())
			.isEqualTo("CONFIRMED");
	}

	@Test
	void summaryNotYetInTheReadModelIsNotFoundWithRetryAfter() throws Exception {
		HttpResponse<String> response = get("/api/order-summaries/987654321");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private long place(String customer, String sku, int quantity) throws Exception {
		HttpResponse<String> created = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku
					+ "\",\"quantity\":" + quantity + "}]}"))
			.build(), BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).path("id").asLong();
	}

	private JsonNode awaitDecided(long id) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> json.readTree(get("/api/orders/" + id).body()),
					(order) -> !"PLACED".equals(order.path("status").asString()));
	}

	private HttpResponse<String> awaitSummary(long id, String status) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/api/order-summaries/" + id), (response) -> response.statusCode() == 200
					&& status.equals(json.readTree(response.body()).path("status").asString()));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri(path))).build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static StubDownstreamServer start() {
		try {
			return new StubDownstreamServer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
