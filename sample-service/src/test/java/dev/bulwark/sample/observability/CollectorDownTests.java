package dev.bulwark.sample.observability;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the trace collector unreachable, every request is still answered, and the spans that could not be delivered
 * are counted.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
class CollectorDownTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void unreachableCollector(DynamicPropertyRegistry registry) throws Exception {
		SampleTokens.register(registry);
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + closedPort + "/v1/traces");
	}

	@Test
	void requestsSucceedAndDroppedSpansAreCounted() throws Exception {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"customerId\":\"c-down\",\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}"))
				.build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
			.containsPattern("bulwark_tracing_spans_exported_total\\{[^}]*outcome=\"failure\"[^}]*\\} [1-9]"));
	}

	private String scrape() throws Exception {
		return client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/actuator/prometheus"))).build(), BodyHandlers.ofString())
			.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
