package dev.bulwark.sample.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful degradation in the sample: availability answers from the last known stock when the inventory service
 * goes away, and placing an order is refused as a problem instead of hanging.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.clients.inventory.retry.max-attempts=1" })
class DegradedAvailabilityTests {

	private static final HttpServer inventory = startInventory();

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void inventoryUrl(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
		registry.add("sample.inventory.base-url", () -> "http://127.0.0.1:" + inventory.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		inventory.stop(0);
	}

	@Test
	void availabilityDegradesToTheLastKnownStockWhenInventoryIsDown() throws Exception {
		assertThat(get("/api/products/BOOK-1/availability").body())
			.isEqualTo("{\"sku\":\"BOOK-1\",\"available\":7,\"degraded\":false}");

		inventory.stop(0);

		HttpResponse<String> degraded = get("/api/products/BOOK-1/availability");
		assertThat(degraded.statusCode()).isEqualTo(200);
		assertThat(degraded.body()).isEqualTo("{\"sku\":\"BOOK-1\",\"available\":7,\"degraded\":true}");

		HttpResponse<String> order = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":1}]}"))
			.build(), BodyHandlers.ofString());
		assertThat(order.statusCode()).isGreaterThanOrEqualTo(500);
		assertThat(order.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri(path))).build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpServer startInventory() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/stock/", (exchange) -> {
				byte[] body = "{\"available\":7}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
