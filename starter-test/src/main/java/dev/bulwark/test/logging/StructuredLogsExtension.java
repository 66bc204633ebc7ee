package dev.bulwark.test.logging;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Captures, for each test, the log lines the application writes, encoded by its own console encoder (so a structured
 * log line is exactly what production writes: Spring Boot's JSON format, Bulwark's members, secrets masked) and parsed.
 * Unlike capturing standard output, lines of other tests' threads are not mixed in before the test starts, and no
 * line has to be told apart from other output. Needs Logback, Spring Boot's default.
 */
public class StructuredLogsExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(StructuredLogsExtension.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void beforeEach(ExtensionContext context) {
		StructuredLogs logs = logs(context);
		Logger root = root();
		CapturingAppender appender = new CapturingAppender(logs, consoleEncoder(root));
		appender.setContext(root.getLoggerContext());
		appender.setName("bulwark-test-capture");
		appender.start();
		root.addAppender(appender);
		context.getStore(NAMESPACE).put(CapturingAppender.class, appender);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		CapturingAppender appender = context.getStore(NAMESPACE).remove(CapturingAppender.class, CapturingAppender.class);
		if (appender != null) {
			root().detachAppender(appender);
			appender.stop();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == StructuredLogs.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return logs(context);
	}

	private static StructuredLogs logs(ExtensionContext context) {
		return context.getStore(NAMESPACE).computeIfAbsent(StructuredLogs.class, (key) -> new StructuredLogs(),
				StructuredLogs.class);
	}

	private static Logger root() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private static @Nullable Encoder<ILoggingEvent> consoleEncoder(Logger root) {
		for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> output && output.getEncoder() != null) {
				return output.getEncoder();
			}
		}
		return null;
	}

	private static final class CapturingAppender extends AppenderBase<ILoggingEvent> {

		private final StructuredLogs logs;

		private final @Nullable Encoder<ILoggingEvent> encoder;

		CapturingAppender(StructuredLogs logs, @Nullable Encoder<ILoggingEvent> encoder) {
			this.logs = logs;
			this.encoder = encoder;
		}

		@Override
		protected void append(ILoggingEvent event) {
			String text = (this.encoder != null)
					? new String(this.encoder.encode(event), StandardCharsets.UTF_8).strip() : "";
			JsonNode members = text.startsWith("{") ? json.readTree(text) : json.valueToTree(plain(event));
			this.logs.add(new LogLine(members, text.isEmpty() ? event.getFormattedMessage() : text));
		}

		private static Map<String, Object> plain(ILoggingEvent event) {
			Map<String, Object> members = new LinkedHashMap<>();
			members.put("level", event.getLevel().toString());
			members.put("logger", event.getLoggerName());
			members.put("message", event.getFormattedMessage());
			members.putAll(event.getMDCPropertyMap());
			return members;
		}

	}

}
