package dev.bulwark.observability.logging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulwark's ECS formatter writes exactly what Spring Boot's writes, secrets masked by the same customizer, for an
 * event with MDC values, key-value pairs and an exception.
 */
class EcsLogFormatterTests {

	@Test
	void writesBootsEcsLineByteForByte() {
		LoggerContext context = new LoggerContext();
		MockEnvironment environment = new MockEnvironment().withProperty("logging.structured.ecs.service.name", "orders")
			.withProperty("logging.structured.ecs.service.version", "1.2.3")
			.withProperty("logging.structured.json.customizer", SecretMaskingJsonMembersCustomizer.class.getName());
		context.putObject(Environment.class.getName(), environment);
		StructuredLogEncoder boot = encoder(context, "ecs");
		StructuredLogEncoder bulwark = encoder(context, EcsLogFormatter.class.getName());

		Logger logger = context.getLogger("dev.bulwark.orders");
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
				"payment for order {} failed with password=hunter2", new IllegalStateException("declined"),
				new Object[] { 42 });
		event.setMDCPropertyMap(Map.of("correlationId", "c-1", "traceId", "0af7651916cd43dd8448eb211c80319c"));
		event.addKeyValuePair(new org.slf4j.event.KeyValuePair("order.id", 42));

		String expected = new String(boot.encode(event), StandardCharsets.UTF_8);
		assertThat(new String(bulwark.encode(event), StandardCharsets.UTF_8)).isEqualTo(expected)
			.contains("\"service\":{\"name\":\"orders\",\"version\":\"1.2.3\"")
			.contains("\"correlationId\":\"c-1\"")
			.contains("password=****")
			.doesNotContain("hunter2");
	}

	private static StructuredLogEncoder encoder(LoggerContext context, String format) {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		return encoder;
	}

}
