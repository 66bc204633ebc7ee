package dev.bulwark.observability.logging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

import dev.bulwark.core.json.JsonStrings;

import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Writes the ECS line of an ordinary event (a timestamp, no exception, no markers, context values that are strings,
 * numbers or booleans) exactly as Spring Boot's ECS formatter does with Bulwark's secret masking, straight into one
 * {@link StringBuilder}. Boot's general JSON writer tracks a member path and asks every value processor about every
 * value (resolving its generic type each time); for the two lines of a small request that was a quarter of the CPU
 * of the benchmark's service (docs/performance.md). Any other event is left to Boot's formatter:
 * {@link #write(ILoggingEvent)} returns {@code null}.
 */
final class EcsLineWriter {

	/**
	 * Names Boot's formatter writes at the top level itself: a context pair with one of them makes Boot fail, so it
	 * is left to Boot.
	 */
	private static final Set<String> TOP_LEVEL_MEMBERS = Set.of("@timestamp", "log", "process", "service", "message",
			"ecs", "error", "tags");

	private static final String AFTER_TIMESTAMP = "\",\"log\":{\"level\":\"";

	/**
	 * A pair's {@code null} value in the tree of pairs, where {@code null} means "absent".
	 */
	private static final Object NULL = new Object();

	private static final int MAX_INITIAL_CAPACITY = 1024;

	private static final int MAX_SPLIT_NAMES = 512;

	private final boolean masking;

	/**
	 * The last second written, read and replaced by the threads that log without locking: a thread that sees an older
	 * one makes its own.
	 */
	private volatile Second second = new Second(Long.MIN_VALUE, "");

	/**
	 * The longest line written so far, up to {@link #MAX_INITIAL_CAPACITY} (so that one long line does not make every
	 * later buffer long): the size each line's buffer starts with, as a line that outgrows its buffer is copied.
	 */
	private volatile int capacity = 512;

	/**
	 * Dotted names split at their dots, as they are met: the names of context pairs are few, written by code.
	 */
	private final Map<String, String[]> splitNames = new ConcurrentHashMap<>();

	private final String beforeThreadName;

	private final String beforeMessage;

	EcsLineWriter(Environment environment, boolean masking) {
		this.masking = masking;
		Long pid = environment.getProperty("spring.application.pid", Long.class);
		this.beforeThreadName = "},\"process\":{" + ((pid != null) ? "\"pid\":" + pid + "," : "")
				+ "\"thread\":{\"name\":";
		this.beforeMessage = "}}," + service(ElasticCommonSchemaProperties.get(environment).service())
				+ ",\"message\":";
	}

	private static String service(ElasticCommonSchemaProperties.Service service) {
		StringBuilder json = new StringBuilder("\"service\":{");
		int length = json.length();
		member(json, length, "name", service.name());
		member(json, length, "version", service.version());
		member(json, length, "environment", service.environment());
		if (json.length() > length) {
			json.append(',');
		}
		json.append("\"node\":{");
		member(json, json.length(), "name", service.nodeName());
		return json.append("}}").toString();
	}

	private static void member(StringBuilder json, int start, String name, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			if (json.length() > start) {
				json.append(',');
			}
			json.append('"').append(name).append("\":");
			JsonStrings.appendQuoted(json, value);
		}
	}

	/**
	 * @param event the event
	 * @return its ECS line, ending with a line break, or {@code null} for an event Boot's formatter must write
	 */
	@Nullable String write(ILoggingEvent event) {
		Instant instant = event.getInstant();
		if (instant == null || event.getThrowableProxy() != null
				|| (event.getMarkerList() != null && !event.getMarkerList().isEmpty())) {
			return null;
		}
		int capacity = this.capacity;
		StringBuilder json = new StringBuilder(capacity);
		json.append("{\"@timestamp\":\"");
		timestamp(json, instant);
		json.append(AFTER_TIMESTAMP).append(event.getLevel());
		json.append("\",\"logger\":");
		JsonStrings.appendQuoted(json, event.getLoggerName());
		json.append(this.beforeThreadName);
		JsonStrings.appendQuoted(json, event.getThreadName());
		json.append(this.beforeMessage);
		JsonStrings.appendQuoted(json, mask(event.getFormattedMessage()));
		if (!pairs(json, event.getMDCPropertyMap(), event.getKeyValuePairs())) {
			return null;
		}
		json.append(",\"ecs\":{\"version\":\"8.11\"}}\n");
		if (json.length() > capacity && json.length() <= MAX_INITIAL_CAPACITY) {
			this.capacity = json.length();
		}
		return json.toString();
	}

	/**
	 * {@link Instant#toString()}: the second as ISO-8601, made once per second, then the fraction in groups of three
	 * digits, as many as it needs.
	 */
	private void timestamp(StringBuilder json, Instant instant) {
		Second second = this.second;
		if (second.epochSecond != instant.getEpochSecond()) {
			String text = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
			second = new Second(instant.getEpochSecond(), text.substring(0, text.length() - 1));
			this.second = second;
		}
		json.append(second.text);
		int nanos = instant.getNano();
		if (nanos != 0) {
			json.append('.');
			int digits = (nanos % 1_000_000 == 0) ? 3 : (nanos % 1_000 == 0) ? 6 : 9;
			int value = (digits == 3) ? nanos / 1_000_000 : (digits == 6) ? nanos / 1_000 : nanos;
			String fraction = Integer.toString(value);
			for (int i = fraction.length(); i < digits; i++) {
				json.append('0');
			}
			json.append(fraction);
		}
		json.append('Z');
	}

	/**
	 * The MDC values, then the key-value pairs, each name split at its dots into nested objects, as Boot's
	 * {@code ContextPairs.nested} does.
	 */
	private boolean pairs(StringBuilder json, @Nullable Map<String, String> mdc, @Nullable List<KeyValuePair> pairs) {
		boolean dotted = false;
		int count = 0;
		if (mdc != null) {
			for (String name : mdc.keySet()) {
				dotted |= name.indexOf('.') >= 0;
				count++;
			}
		}
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				if (pair.key == null || !(pair.value == null || pair.value instanceof String
						|| pair.value instanceof Number || pair.value instanceof Boolean)) {
					return false;
				}
				dotted |= pair.key.indexOf('.') >= 0;
				count++;
			}
		}
		if (count == 0) {
			return true;
		}
		Map<String, Object> tree = new LinkedHashMap<>();
		if (mdc != null) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				if (!put(tree, entry.getKey(), entry.getValue(), dotted)) {
					return false;
				}
			}
		}
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				if (!put(tree, pair.key, pair.value, dotted)) {
					return false;
				}
			}
		}
		for (String name : tree.keySet()) {
			if (TOP_LEVEL_MEMBERS.contains(name)) {
				return false;
			}
		}
		writeObjectMembers(json, tree, "");
		return true;
	}

	@SuppressWarnings("unchecked")
	private boolean put(Map<String, Object> tree, String name, @Nullable Object value, boolean dotted) {
		if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			return false;
		}
		if (!dotted) {
			return !tree.containsKey(name) && tree.put(name, (value != null) ? value : NULL) == null;
		}
		String[] segments = segments(name);
		Map<String, Object> destination = tree;
		for (int i = 0; i < segments.length - 1; i++) {
			Object existing = destination.computeIfAbsent(segments[i], (key) -> new LinkedHashMap<>());
			if (!(existing instanceof Map)) {
				return false;
			}
			destination = (Map<String, Object>) existing;
		}
		return destination.putIfAbsent(segments[segments.length - 1], (value != null) ? value : NULL) == null;
	}

	private String[] segments(String name) {
		String[] segments = this.splitNames.get(name);
		if (segments == null) {
			segments = StringUtils.delimitedListToStringArray(name, ".");
			if (this.splitNames.size() < MAX_SPLIT_NAMES) {
				this.splitNames.put(name, segments);
			}
		}
		return segments;
	}

	private void writeObjectMembers(StringBuilder json, Map<String, Object> members, String path) {
		for (Map.Entry<String, Object> member : members.entrySet()) {
			json.append(',');
			writeMember(json, member.getKey(), member.getValue(), path);
		}
	}

	@SuppressWarnings("unchecked")
	private void writeMember(StringBuilder json, String name, Object value, String parent) {
		JsonStrings.appendQuoted(json, name);
		json.append(':');
		if (value instanceof Map<?, ?> nested) {
			String path = path(parent, name);
			json.append('{');
			boolean first = true;
			for (Map.Entry<String, Object> member : ((Map<String, Object>) nested).entrySet()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				writeMember(json, member.getKey(), member.getValue(), path);
			}
			json.append('}');
		}
		else if (value == NULL) {
			json.append("null");
		}
		else if (value instanceof String text) {
			boolean unmasked = SecretMaskingJsonMembersCustomizer.isWrittenByTheLoggingSystem(path(parent, name));
			JsonStrings.appendQuoted(json, unmasked ? text : mask(text));
		}
		else {
			json.append(value);
		}
	}

	private static String path(String parent, String name) {
		return parent.isEmpty() ? name : parent + "." + name;
	}

	private @Nullable String mask(@Nullable String text) {
		return this.masking ? SecretMasker.mask(text) : text;
	}

	private record Second(long epochSecond, String text) {
	}

}
