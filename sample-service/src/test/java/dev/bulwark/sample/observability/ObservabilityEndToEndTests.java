package dev.bulwark.sample.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.ProjectFiles;
import dev.bulwark.sample.support.SampleTokens;
import dev.bulwark.test.logging.LogLine;
import dev.bulwark.test.logging.StructuredLogs;
import dev.bulwark.test.logging.StructuredLogsExtension;
import dev.bulwark.test.tracing.CaptureSpans;
import dev.bulwark.test.tracing.OtlpTraceReceiver;
import dev.bulwark.test.tracing.OtlpTraceReceiver.ReceivedSpan;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request through the sample service, which calls a second real HTTP server (the inventory stub), seen from all
 * three sides: the spans a real OTLP/HTTP receiver gets, the JSON log lines, and the Prometheus scrape.
 */
@ExtendWith(StructuredLogsExtension.class)
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@CaptureSpans
class ObservabilityEndToEndTests {

	private static final StubInventoryServer inventory = start(StubInventoryServer::new);

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	OtlpTraceReceiver receiver;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
		registry.add("sample.inventory.base-url", inventory::baseUrl);
	}

	@AfterAll
	static void stop() {
		inventory.close();
	}

	@Test
	void logsMetricsAndTracesOfOneRequestShareItsTraceId(StructuredLogs logs) throws Exception {
		String correlationId = "e2e-" + UUID.randomUUID();
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> response = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
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
			.until(() -> this.receiver.spans()
				.stream()
				.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_CLIENT)
				.filter((span) -> span.traceId().equals(server.traceId()))
				.filter((span) -> span.span().getName().startsWith("http"))
				.findFirst()
				.orElse(null), (span) -> span != null);
		String traceId = server.traceId();
		// the client span descends from the server span (Spring Security's observation of the secured request may
		// stand between them)
		assertThat(ancestors(clientSpan)).contains(server.spanId());
		// and the JDBC query that saved the order, in the same trace
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.receiver.spans())
			.filteredOn((span) -> span.traceId().equals(traceId))
			.extracting((span) -> span.span().getName())
			.anySatisfy((name) -> assertThat(name).isEqualTo("query")));
		assertThat(server.resourceAttribute("service.name")).isEqualTo("orders");
		assertThat(server.resourceAttribute("deployment.environment")).isNotBlank();
		assertThat(server.resourceAttribute("service.version")).isNotBlank();
		assertThat(inventory.headersBySku.get(sku)).containsEntry("X-Request-Id", correlationId)
			.hasEntrySatisfying("traceparent", (traceparent) -> assertThat(traceparent).contains(traceId));

		// logs: every JSON line of this request carries the same trace id, among them the access-log line
		List<JsonNode> lines = logs.lines()
			.stream()
			.map(LogLine::json)
			.filter((line) -> correlationId.equals(line.path("correlationId").asString(null)))
			.toList();
		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(line.path("traceId").asString()).isEqualTo(traceId));
		assertThat(lines).anySatisfy((line) -> {
			assertThat(line.path("log").path("logger").asString()).isEqualTo("bulwark.access");
			assertThat(line.path("http").path("route").asString()).isEqualTo("/api/orders");
			assertThat(line.path("http").path("response").path("status_code").asInt()).isEqualTo(201);
			assertThat(line.path("service").path("name").asString()).isEqualTo("orders");
		});

		// metrics: the latency histogram, with an exemplar pointing at the trace. Exemplars are kept a few seconds
		// per bucket, so this reads the order back on a route no other test in this context calls.
		String readCorrelationId = correlationId + "-read";
		HttpResponse<String> read = client.send(SampleTokens
			.authorized(HttpRequest.newBuilder(URI.create(response.headers().firstValue("Location").orElseThrow())))
			.header("X-Request-Id", readCorrelationId)
			.build(), BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(200);
		String readTraceId = await().atMost(Duration.ofSeconds(20))
			.until(() -> find(SpanKind.SPAN_KIND_SERVER, readCorrelationId), (span) -> span != null)
			.traceId();
		HttpResponse<String> scrape = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/actuator/prometheus")))
			.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
			.build(), BodyHandlers.ofString());
		assertThat(scrape.body().lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_bucket{"))
			.filter((line) -> line.contains("uri=\"/api/orders/{id}\"") && line.contains("method=\"GET\""))
			.toList()).isNotEmpty()
			.anySatisfy((line) -> assertThat(line).contains("trace_id=\"" + readTraceId + "\""));
	}

	@Test
	void eventConsumersContinueTheTraceOfTheRequestThatWroteTheEvent(StructuredLogs logs) throws Exception {
		String correlationId = "e2e-event-" + UUID.randomUUID();
		HttpResponse<String> response = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.header("X-Request-Id", correlationId)
			.POST(BodyPublishers.ofString("{\"customerId\":\"c-obs\",\"items\":[{\"sku\":\"EV-1\",\"quantity\":1}]}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String traceId = await().atMost(Duration.ofSeconds(20))
			.until(() -> find(SpanKind.SPAN_KIND_SERVER, correlationId), (span) -> span != null)
			.traceId();

		// the OrderCreated event reaches the saga through the outbox, in the trace of the request that wrote it
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.receiver.spans())
			.filteredOn((span) -> span.span().getName().equals("outbox deliver"))
			.filteredOn((span) -> span.span().getKind() == SpanKind.SPAN_KIND_CONSUMER)
			.extracting(ReceivedSpan::traceId)
			.contains(traceId));
		// the saga reserves stock (no payments service is set here), confirms the order and says so in a log line
		JsonNode sagaLine = await().atMost(Duration.ofSeconds(20))
			.until(() -> logs.lines()
				.stream()
				.filter((line) -> line.text().contains(correlationId) && line.text().contains("OrderSaga"))
				.map(LogLine::json)
				.findFirst()
				.orElse(null), (line) -> line != null);
		assertThat(sagaLine.path("traceId").asString()).isEqualTo(traceId);
	}

	@Test
	void scrapeIsAlsoServedAtMetricsWithCommonTags() throws Exception {
		HttpResponse<String> scrape = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/metrics"))).build(),
				BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes{")
			.containsPattern("application=\"orders\",.*env=\"[^\"]+\",.*instance=\"[^\"]+\",.*version=\"[^\"]+\"");
	}

	@Test
	void secretsNeverReachTheLog(StructuredLogs logs) {
		org.slf4j.MDC.put("session", "cookie: JSESSIONID=abc123secret");
		try {
			LoggerFactory.getLogger("dev.bulwark.sample.audit")
				.info("calling payments with token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln "
						+ "and spring.datasource.password=hunter2, then Authorization: Basic dXNlcjpwYXNz");
		}
		finally {
			org.slf4j.MDC.remove("session");
		}
		JsonNode line = logs.lines()
			.stream()
			.filter((logged) -> logged.text().contains("calling payments"))
			.map(LogLine::json)
			.findFirst()
			.orElseThrow();
		// a header masks the rest of its line: whatever follows a credential on the same line may belong to it
		assertThat(line.path("message").asString()).isEqualTo(
				"calling payments with token **** and spring.datasource.password=****, then Authorization: ****");
		assertThat(line.path("session").asString()).isEqualTo("cookie: ****");
		assertThat(logs.lines()).extracting(LogLine::text).noneSatisfy((text) -> assertThat(text).containsAnyOf("hunter2",
				"abc123secret", "eyJzdWIi"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ops/grafana/bulwark-service-dashboard.json", "ops/prometheus/bulwark-alerts.yml" })
	void dashboardAndAlertsQueryOnlyMetricsTheServiceExports(String file) throws Exception {
		// make sure request and outbound-call series exist
		client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/api/orders")))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"customerId\":\"c-dash\",\"items\":[{\"sku\":\"D-1\",\"quantity\":1}]}"))
			.build(), BodyHandlers.ofString());
		String scrape = client.send(SampleTokens.authorized(HttpRequest.newBuilder(uri("/actuator/prometheus"))).build(),
				BodyHandlers.ofString()).body();
		Set<String> exported = scrape.lines()
			.filter((line) -> !line.startsWith("#") && !line.isBlank())
			.map((line) -> line.replaceAll("[{ ].*", ""))
			.collect(Collectors.toSet());

		Set<String> queried = new TreeSet<>();
		String queries = String.join("\n", expressions(ProjectFiles.find(file)));
		Matcher metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]").matcher(queries);
		while (metric.find()) {
			queried.add(metric.group(1));
		}
		assertThat(queried).as("metrics queried by " + file).isNotEmpty().allSatisfy(
				(name) -> assertThat(exported).as("scrape output").contains(name));
	}

	@SuppressWarnings("unchecked")
	private static List<String> expressions(Path file) throws Exception {
		if (file.toString().endsWith(".json")) {
			return json.readTree(file.toFile()).findValues("expr").stream().map(JsonNode::asString).toList();
		}
		Map<String, Object> rules = new Yaml().load(Files.readString(file));
		return ((List<Map<String, Object>>) rules.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.map((rule) -> (String) rule.get("expr"))
			.toList();
	}

	private List<String> ancestors(ReceivedSpan span) {
		Map<String, ReceivedSpan> byId = this.receiver.spans()
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::spanId, (received) -> received, (first, second) -> first));
		List<String> ancestors = new java.util.ArrayList<>();
		for (ReceivedSpan current = byId.get(span.parentSpanId()); current != null; current = byId
			.get(current.parentSpanId())) {
			ancestors.add(current.spanId());
		}
		if (ancestors.isEmpty()) {
			ancestors.add(span.parentSpanId());
		}
		return ancestors;
	}

	private ReceivedSpan find(SpanKind kind, String correlationId) {
		return this.receiver.spans()
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
