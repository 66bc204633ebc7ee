package dev.bulwark.sample.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.observability.OtlpTraceReceiver.ReceivedSpan;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request through the sample service, which calls a second real HTTP server (the inventory stub), seen from all
 * three sides: the spans a real OTLP/HTTP receiver gets, the JSON log lines, and the Prometheus scrape.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
class ObservabilityEndToEndTests {

	private static final OtlpTraceReceiver receiver = start(OtlpTraceReceiver::new);

	private static final StubInventoryServer inventory = start(StubInventoryServer::new);

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::endpoint);
		registry.add("sample.inventory.base-url", inventory::baseUrl);
	}

	@AfterAll
	static void stop() {
		receiver.close();
		inventory.close();
	}

	@Test
	void logsMetricsAndTracesOfOneRequestShareItsTraceId(CapturedOutput output) throws Exception {
		String correlationId = "e2e-" + UUID.randomUUID();
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/orders"))
			.header("Content-Type", "application/json")
			.header("X-Request-Id", correlationId)
			.POST(BodyPublishers.ofString("{\"customerId\":\"c-obs\",\"items\":[{\"sku\":\"" + sku
					+ "\",\"quantity\":1}]}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

		// traces: a server span and, as its child, the client span of the call to the inventory service
		ReceivedSpan server = await().atMost(Duration.ofSeconds(20))
			.until(() -> find(SpanKind.SPAN_KIND_SERVER, correlationId), (span) -> span != null);
		ReceivedSpan clientSpan = await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.spans()
				.stream()
				.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_CLIENT)
				.filter((span) -> span.traceId().equals(server.traceId()))
				.findFirst()
				.orElse(null), (span) -> span != null);
		String traceId = server.traceId();
		assertThat(clientSpan.parentSpanId()).isEqualTo(server.spanId());
		assertThat(server.resourceAttribute("service.name")).isEqualTo("orders");
		assertThat(server.resourceAttribute("deployment.environment")).isNotBlank();
		assertThat(server.resourceAttribute("service.version")).isNotBlank();
		assertThat(inventory.headersBySku.get(sku)).containsEntry("X-Request-Id", correlationId)
			.hasEntrySatisfying("traceparent", (traceparent) -> assertThat(traceparent).contains(traceId));

		// logs: every JSON line of this request carries the same trace id, among them the access-log line
		List<JsonNode> lines = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map(json::readTree)
			.filter((line) -> correlationId.equals(line.path("correlationId").asString(null)))
			.toList();
		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(line.path("traceId").asString()).isEqualTo(traceId));
		assertThat(lines).anySatisfy((line) -> {
			assertThat(line.path("log").path("logger").asString()).isEqualTo("bulwark.access");
			assertThat(line.path("http").path("route").asString()).isEqualTo("/api/orders");
			assertThat(line.path("http").path("response").path("status_code").asInt()).isEqualTo(201);
			assertThat(line.path("service").path("name").asString()).isEqualTo("orders");
		});

		// metrics: the request's latency histogram, with an exemplar pointing at the trace
		HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
			.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
			.build(), BodyHandlers.ofString());
		assertThat(scrape.body().lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_bucket{"))
			.filter((line) -> line.contains("uri=\"/api/orders\"") && line.contains("method=\"POST\""))
			.toList()).isNotEmpty()
			.anySatisfy((line) -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
	}

	@Test
	void scrapeIsAlsoServedAtMetricsWithCommonTags() throws Exception {
		HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(uri("/metrics")).build(),
				BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes{")
			.containsPattern("application=\"orders\",.*env=\"[^\"]+\",.*instance=\"[^\"]+\",.*version=\"[^\"]+\"");
	}

	private static ReceivedSpan find(SpanKind kind, String correlationId) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == kind)
			.filter((span) -> correlationId.equals(span.attribute("correlation.id")))
			.findFirst()
			.orElse(null);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private interface ThrowingSupplier<T> {

		T get() throws Exception;

	}

	private static <T> T start(ThrowingSupplier<T> server) {
		try {
			return server.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
