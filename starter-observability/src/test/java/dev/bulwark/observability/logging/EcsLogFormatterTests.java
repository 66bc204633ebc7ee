package dev.bulwark.observability.logging;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Bulwark's ECS formatter writes exactly what Spring Boot's writes, secrets masked by the same customizer: for
 * ordinary events, which it writes itself, and for those it leaves to Boot's formatter, under several settings.
 */
class EcsLogFormatterTests {

	private static final String MASKING = SecretMaskingJsonMembersCustomizer.class.getName();

	private static final Set<String> PLAIN_SETTINGS = Set.of("service and masking", "every service field",
			"no service and no masking");

	private static final Set<String> LEFT_TO_BOOT = Set.of("a pair named like a member Boot writes only with an exception",
			"an exception", "a marker", "a value of another type", "a list value", "an empty name");

	static Stream<Arguments> events() {
		Map<String, Case> events = new LinkedHashMap<>();
		events.put("a plain message", new Case("payment for order {} failed", Map.of(), (event) -> {
		}));
		events.put("MDC values", new Case("payment for order {} failed", Map.of("correlationId", "c-1", "traceId",
				"0af7651916cd43dd8448eb211c80319c", "spanId", "b7ad6b7169203331", "subject", "alice"), (event) -> {
				}));
		events.put("an access-log line", new Case("GET /api/token/{secret} 200", Map.of("correlationId", "c-2"),
				(event) -> {
					event.addKeyValuePair(new KeyValuePair("http.request.method", "GET"));
					event.addKeyValuePair(new KeyValuePair("http.route", "/api/token/{secret}"));
					event.addKeyValuePair(new KeyValuePair("http.response.status_code", 200));
					event.addKeyValuePair(new KeyValuePair("http.server.duration_ms", 0.5));
					event.addKeyValuePair(new KeyValuePair("http.response.body.bytes", 33L));
				}));
		events.put("characters to escape",
				new Case("quote \" backslash \\ newline \n tab \t bell \u0007 nel \u0085 ls \u2028 é 😀 \u007f",
						Map.of("we\"ird\nkey", "va\\lue\r"), (event) -> {
						}));
		events.put("secrets everywhere",
				new Case("login with password=hunter2 and Authorization: Bearer abc.def.ghi",
						Map.of("traceId", "token=x", "note", "api_key=123"), (event) -> {
							event.addKeyValuePair(new KeyValuePair("password", "hunter2"));
							event.addKeyValuePair(new KeyValuePair("client.secret", "s3cr3t"));
						}));
		events.put("null, boolean and big values", new Case(null, Map.of(), (event) -> {
			event.addKeyValuePair(new KeyValuePair("nothing", null));
			event.addKeyValuePair(new KeyValuePair("retry", true));
			event.addKeyValuePair(new KeyValuePair("amount", new BigDecimal("-12.50")));
			event.addKeyValuePair(new KeyValuePair("count.total", -3));
		}));
		for (String instant : List.of("2026-11-24T06:40:00Z", "2026-11-24T06:40:00.120Z", "2026-11-24T06:40:00.123450Z",
				"1969-12-31T23:59:59.000000001Z", "+10000-01-01T00:00:00.5Z")) {
			events.put("at " + instant, new Case("timed", Map.of(), (event) -> event.setInstant(Instant.parse(instant))));
		}
		events.put("a pair named like a member Boot writes only with an exception", new Case("failed", Map.of(),
				(event) -> event.addKeyValuePair(new KeyValuePair("error", "none"))));
		events.put("an exception", new Case("failed", Map.of("correlationId", "c-3"), (event) -> event
			.setThrowableProxy(new ThrowableProxy(new IllegalStateException("password=hunter2")))));
		events.put("a marker", new Case("audited", Map.of(), (event) -> event.addMarker(MarkerFactory.getMarker("AUDIT"))));
		events.put("a value of another type", new Case("created", Map.of(), (event) -> event
			.addKeyValuePair(new KeyValuePair("id", UUID.fromString("00000000-0000-0000-0000-000000000001")))));
		events.put("a list value",
				new Case("listed", Map.of(), (event) -> event.addKeyValuePair(new KeyValuePair("ids", List.of(1, 2)))));
		events.put("a line longer than its first buffer", new Case("long " + "0123456789".repeat(150),
				Map.of("correlationId", "c-4"), (event) -> {
				}));
		events.put("an empty name",
				new Case("named", Map.of(), (event) -> event.addKeyValuePair(new KeyValuePair("", "dropped"))));
		Map<String, MockEnvironment> environments = new LinkedHashMap<>();
		environments.put("service and masking", new MockEnvironment()
			.withProperty("logging.structured.ecs.service.name", "orders")
			.withProperty("logging.structured.ecs.service.version", "1.2.3")
			.withProperty("spring.application.pid", "4242")
			.withProperty("logging.structured.json.customizer", MASKING));
		environments.put("every service field", new MockEnvironment()
			.withProperty("logging.structured.ecs.service.name", "orders")
			.withProperty("logging.structured.ecs.service.version", "1.2.3")
			.withProperty("logging.structured.ecs.service.environment", "prod")
			.withProperty("logging.structured.ecs.service.node-name", "node-1")
			.withProperty("logging.structured.json.customizer", MASKING));
		environments.put("no service and no masking", new MockEnvironment());
		environments.put("members excluded and renamed", new MockEnvironment()
			.withProperty("logging.structured.ecs.service.name", "orders")
			.withProperty("logging.structured.json.exclude", "process")
			.withProperty("logging.structured.json.rename.message", "msg")
			.withProperty("logging.structured.json.customizer", MASKING));
		environments.put("a prefix for context values", new MockEnvironment()
			.withProperty("logging.structured.json.context.prefix", "ctx")
			.withProperty("logging.structured.json.customizer", MASKING));
		return environments.entrySet()
			.stream()
			.flatMap((environment) -> events.entrySet()
				.stream()
				.map((event) -> Arguments.of(environment.getKey(), environment.getValue(), event.getKey(),
						event.getValue())));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("events")
	void writesBootsEcsLineByteForByte(String settings, MockEnvironment environment, String name, Case setUp) {
		Encoders encoders = Encoders.of(environment);
		LoggingEvent event = setUp.event(encoders.context());
		String expected = encoders.writtenByBoot(event);
		assertThat(encoders.writtenByBulwark(event)).isEqualTo(expected);
		// and the events Bulwark writes itself are those it should
		EcsLineWriter lines = EcsLogFormatter.lineWriter(environment);
		assertThat(lines != null).as("writes lines itself").isEqualTo(PLAIN_SETTINGS.contains(settings));
		if (lines != null) {
			assertThat(lines.write(event)).as("written by Bulwark")
				.isEqualTo(LEFT_TO_BOOT.contains(name) ? null : expected);
		}
	}

	@Test
	void oneFormatterWritesTheTimestampsOfSuccessiveSecondsAsBootDoes() {
		Encoders encoders = Encoders.of(new MockEnvironment());
		// the second is made once and kept: later events in it, the next seconds, and an event from before
		for (String instant : List.of("2026-11-24T06:40:00.100Z", "2026-11-24T06:40:00.900Z",
				"2026-11-24T06:40:01.000000500Z", "2026-11-24T06:41:00Z", "2026-11-24T06:39:59.999Z")) {
			LoggingEvent event = new Case("timed", Map.of(), (more) -> more.setInstant(Instant.parse(instant)))
				.event(encoders.context());
			assertThat(encoders.writtenByBulwark(event)).as(instant)
				.isEqualTo(encoders.writtenByBoot(event))
				.contains("\"@timestamp\":\"" + instant + "\"");
		}
	}

	@Test
	void oneFormatterWritesEveryEventAgainAsBootDoes() {
		// what a formatter keeps between events (split names, its buffer size) changes no later line
		MockEnvironment environment = new MockEnvironment().withProperty("logging.structured.json.customizer",
				MASKING);
		Encoders encoders = Encoders.of(environment);
		List<Arguments> events = events().filter((arguments) -> arguments.get()[0].equals("service and masking"))
			.toList();
		for (int round = 1; round <= 2; round++) {
			for (Arguments arguments : events) {
				LoggingEvent event = ((Case) arguments.get()[3]).event(encoders.context());
				assertThat(encoders.writtenByBulwark(event)).as("round %d: %s", round, arguments.get()[2])
					.isEqualTo(encoders.writtenByBoot(event));
			}
		}
	}

	@Test
	void masksSecretsButNotWhatTheLoggingSystemWrites() {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(),
				new MockEnvironment().withProperty("logging.structured.json.customizer", MASKING));
		LoggingEvent event = new Case("password=hunter2", Map.of("note", "token=abc"), (more) -> {
		}).event(context);
		event.addKeyValuePair(new KeyValuePair("http.route", "/token={id}"));
		String line = new String(encoder(context, EcsLogFormatter.class.getName()).encode(event),
				StandardCharsets.UTF_8);
		assertThat(line).contains("\"message\":\"password=****\"")
			.contains("\"note\":\"token=****\"")
			.contains("\"route\":\"/token={id}\"")
			.doesNotContain("hunter2")
			.endsWith("}\n");
	}

	@Test
	void linesWithNamesSeenBeforeAndOtherValuesAreWrittenAsBootDoes() {
		Encoders encoders = Encoders.of(new MockEnvironment().withProperty("logging.structured.json.customizer",
				SecretMaskingJsonMembersCustomizer.class.getName()));
		List<Case> cases = List.of(access("GET", 200, 0.5, "c-1"), access("POST", 201, 12.25, "c-2"),
				access("DELETE", null, true, "token=abc"), new Case("plain", Map.of("correlationId", "c-3"), (event) -> {
				}), new Case("plain", Map.of("correlationId", "c-4", "subject", "bob"), (event) -> {
				}), new Case("plain", Map.of("order", "o-1"), (event) -> {
				}), new Case("nested", Map.of("order.id", "o-2", "order.total", "password=hunter2"), (event) -> {
				}), new Case("grouped", Map.of(), (event) -> {
					event.addKeyValuePair(new KeyValuePair("db.system", "postgresql"));
					event.addKeyValuePair(new KeyValuePair("rows", 3));
					event.addKeyValuePair(new KeyValuePair("db.operation", "select"));
				}), access("GET", 404, 1.0, "c-5"));
		for (Case line : cases) {
			LoggingEvent event = line.event(encoders.context());
			assertThat(encoders.writtenByBulwark(event)).as(line.mdc() + " " + event.getKeyValuePairs())
				.isEqualTo(encoders.writtenByBoot(event));
		}
	}

	private static Case access(String method, Object status, Object millis, String correlationId) {
		return new Case(method + " /orders", Map.of("correlationId", correlationId), (event) -> {
			event.addKeyValuePair(new KeyValuePair("http.request.method", method));
			event.addKeyValuePair(new KeyValuePair("http.route", "/orders"));
			event.addKeyValuePair(new KeyValuePair("http.response.status_code", status));
			event.addKeyValuePair(new KeyValuePair("http.server.duration_ms", millis));
		});
	}

	@Test
	void contextValuesBootRefusesAreRefusedAlike() {
		Encoders encoders = Encoders.of(new MockEnvironment());
		for (Map<String, String> mdc : List.of(Map.of("message", "twice"), Map.of("order", "1"),
				Map.of("log.extra", "x"))) {
			LoggingEvent event = new Case("conflict", mdc, (more) -> more.addKeyValuePair(new KeyValuePair("order.id", 1)))
				.event(encoders.context());
			assertThatIllegalStateException().isThrownBy(() -> encoders.writtenByBoot(event));
			assertThatIllegalStateException().isThrownBy(() -> encoders.writtenByBulwark(event));
		}
	}

	/**
	 * Boot's ECS formatter and Bulwark's, in one logging context with the given environment.
	 */
	record Encoders(LoggerContext context, StructuredLogEncoder boot, StructuredLogEncoder bulwark) {

		static Encoders of(Environment environment) {
			LoggerContext context = new LoggerContext();
			context.putObject(Environment.class.getName(), environment);
			return new Encoders(context, encoder(context, "ecs"), encoder(context, EcsLogFormatter.class.getName()));
		}

		String writtenByBoot(LoggingEvent event) {
			return new String(this.boot.encode(event), StandardCharsets.UTF_8);
		}

		String writtenByBulwark(LoggingEvent event) {
			return new String(this.bulwark.encode(event), StandardCharsets.UTF_8);
		}

	}

	record Case(String message, Map<String, String> mdc, Consumer<LoggingEvent> more) {

		LoggingEvent event(LoggerContext context) {
			Logger logger = context.getLogger("dev.bulwark.orders");
			LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, this.message, null,
					new Object[] { 42 });
			event.setThreadName("http-nio-8080-exec-\"1\"");
			event.setMDCPropertyMap(this.mdc);
			this.more.accept(event);
			return event;
		}

		@Override
		public String toString() {
			return String.valueOf(this.message);
		}

	}

	private static StructuredLogEncoder encoder(LoggerContext context, String format) {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		return encoder;
	}

}
