package dev.bulwark.observability.logging;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.json.JsonWriter.ValueProcessor;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Applies {@link SecretMasker} to every string value of every structured (JSON) log line: the message, MDC values,
 * key-value pairs and stack traces. Registered by default through {@code logging.structured.json.customizer}.
 * Members whose values the logging system itself writes (timestamp, level, logger, thread, service identity, trace
 * and span ids, the access log's method and route) are left alone: they cannot carry a secret, and skipping them
 * halves the masking's cost per line.
 */
public class SecretMaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

	private static final Set<String> WRITTEN_BY_THE_LOGGING_SYSTEM = Set.of("@timestamp", "log.level", "log.logger",
			"process.thread.name", "service.name", "service.version", "service.environment", "service.node.name",
			"ecs.version", "traceId", "spanId", "http.route", "http.request.method");

	private static final Set<MemberPath> WRITTEN_BY_THE_LOGGING_SYSTEM_PATHS = WRITTEN_BY_THE_LOGGING_SYSTEM.stream()
		.map(MemberPath::of)
		.collect(Collectors.toUnmodifiableSet());

	@Override
	public void customize(Members<Object> members) {
		members.applyingValueProcessor(ValueProcessor.of(String.class, SecretMasker::mask)
			.whenHasPath((path) -> !WRITTEN_BY_THE_LOGGING_SYSTEM_PATHS.contains(path)));
	}

	/**
	 * @param path a member's path, its names joined with dots ({@code http.route})
	 * @return whether the logging system itself writes that member, which is therefore never masked
	 */
	static boolean isWrittenByTheLoggingSystem(String path) {
		return WRITTEN_BY_THE_LOGGING_SYSTEM.contains(path);
	}

}
