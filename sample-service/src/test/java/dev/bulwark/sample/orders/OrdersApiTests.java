package dev.bulwark.sample.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders API over real HTTP, on the embedded H2 database. {@link PostgresOrdersApiTests} runs the same tests
 * against the real PostgreSQL.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.group.readiness.show-components=always")
class OrdersApiTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@Test
	void createdOrderCanBeReadBackFromItsLocation() throws Exception {
		HttpResponse<String> created = post("/api/orders", """
				{"customerId":"c-1","items":[{"sku":"BOOK-1","quantity":2},{"sku":"PEN-7","quantity":1}]}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		JsonNode order = json.readTree(created.body());
		assertThat(location).isEqualTo(uri("/api/orders/" + order.path("id").asLong()).toString());

		HttpResponse<String> read = client.send(SampleTokens.authorized(HttpRequest.newBuilder(URI.create(location))).build(),
				BodyHandlers.ofString());
		// the order and its event were written in one transaction
		assertThat(this.jdbc.queryForList(
				"SELECT event_type FROM bulwark_outbox WHERE aggregate_type = 'order' AND aggregate_id = ?",
				String.class, String.valueOf(order.path("id").asLong()))).startsWith("OrderCreated");
		assertThat(read.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(read.body());
		assertThat(body.path("customerId").asString()).isEqualTo("c-1");
		// the fulfilment saga has nothing to call here (no inventory or payments service set), so it may have confirmed
		assertThat(body.path("status").asString()).isIn("PLACED", "CONFIRMED");
		assertThat(body.path("items").valueStream().map((item) -> item.path("sku").asString()))
			.containsExactly("BOOK-1", "PEN-7");
		assertThat(body.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
	}

	@Test
	void retriedOrderWithTheSameIdempotencyKeyIsPlacedOnce() throws Exception {
		String key = UUID.randomUUID().toString();
		String customer = "retry-" + key;
		String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"R-1\",\"quantity\":1}]}";
		HttpResponse<String> first = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
		HttpResponse<String> retry = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		JsonNode orders = json.readTree(get("/api/orders?customerId=" + customer).body());
		assertThat(orders.path("totalElements").asLong()).isEqualTo(1);
	}

	@Test
	void unknownOrderIsNotFoundProblem() throws Exception {
		HttpResponse<String> response = get("/api/orders/987654321");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("detail").asString()).isEqualTo("Order 987654321 does not exist.");
		assertThat(problem.path("correlationId").asString()).isNotBlank();
	}

	@Test
	void invalidOrderIsRefusedWithEveryFieldNamed() throws Exception {
		HttpResponse<String> response = post("/api/orders", """
				{"customerId":"","items":[{"sku":"BOOK 1","quantity":0}]}""");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("errors").valueStream().map((error) -> error.path("field").asString()))
			.containsExactlyInAnyOrder("customerId", "items[0].sku", "items[0].quantity");
	}

	@Test
	void listIsPagedAndFilteredByCustomer() throws Exception {
		String customer = "pager-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			assertThat(post("/api/orders", "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"S-" + i
					+ "\",\"quantity\":1}]}")
				.statusCode()).isEqualTo(201);
		}
		JsonNode first = json.readTree(get("/api/orders?customerId=" + customer + "&size=2").body());
		assertThat(first.path("content")).hasSize(2);
		assertThat(first.path("totalElements").asLong()).isEqualTo(3);
		assertThat(first.path("totalPages").asInt()).isEqualTo(2);
		JsonNode second = json.readTree(get("/api/orders?customerId=" + customer + "&size=2&page=1").body());
		assertThat(second.path("content")).hasSize(1);
		assertThat(second.path("content").get(0).path("items").get(0).path("sku").asString()).isEqualTo("S-2");
	}

	@Test
	void pageSizeIsBounded() throws Exception {
		HttpResponse<String> response = get("/api/orders?size=1000");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"size\"");
	}

	@Test
	void livenessAndReadinessAnswerAtTheRoot() throws Exception {
		assertThat(get("/health").statusCode()).isEqualTo(200);
		HttpResponse<String> ready = get("/ready");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(ready.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void readinessIncludesTheDatabase() throws Exception {
		// the readiness group is everything but liveness: the database is part of it, and not of liveness
		JsonNode ready = json.readTree(get("/ready").body());
		assertThat(ready.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(get("/health").body()).doesNotContain("db");
	}

	@Test
	void openApiDescriptionIsServed() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode api = json.readTree(response.body());
		assertThat(api.path("paths").has("/api/orders")).isTrue();
		assertThat(api.path("paths").has("/api/orders/{id}")).isTrue();
	}

	@Test
	void managementEndpointsBeyondHealthAreNotExposed() throws Exception {
		// the discovery page, for an operator with the management role, lists what is exposed
		HttpResponse<String> links = client.send(HttpRequest.newBuilder(uri("/actuator"))
			.header("Authorization", "Bearer " + SampleTokens.tokenWithRole("ACTUATOR"))
			.build(), BodyHandlers.ofString());
		assertThat(links.statusCode()).isEqualTo(200);
		JsonNode exposed = json.readTree(links.body()).path("_links");
		assertThat(exposed.has("health")).isTrue();
		assertThat(exposed.has("env")).isFalse();
		assertThat(exposed.has("beans")).isFalse();
		// a path nothing covers is refused, whatever the token (deny by default)
		assertThat(get("/actuator/env").statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri(path))).build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri(path)))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
