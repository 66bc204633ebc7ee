package dev.bulwark.observability.logging;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

	private static final int MAX_INITIAL_CAPACITY = 1024;

	/**
	 * The most sequences of context names remembered ({@link Members}); lines with others are written all the same.
	 */
	private static final int MAX_MEMBERS = 64;

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
	 * The members of the sequences of context names met so far, read without locking and replaced as a whole.
	 */
	private volatile Members[] members = new Members[0];

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
	 * {@code ContextPairs.nested} does. The names of a line are the same from one line to the next (the MDC keys and
	 * the pairs are written by code), so the JSON around the values is worked out once per sequence of names
	 * ({@link Members}) and only the values are written for each line.
	 */
	private boolean pairs(StringBuilder json, @Nullable Map<String, String> mdc, @Nullable List<KeyValuePair> pairs) {
		int count = (mdc != null) ? mdc.size() : 0;
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				if (pair.key == null || !(pair.value == null || pair.value instanceof String
						|| pair.value instanceof Number || pair.value instanceof Boolean)) {
					return false;
				}
				count++;
			}
		}
		if (count == 0) {
			return true;
		}
		String[] names = new String[count];
		Object[] values = new Object[count];
		int index = 0;
		if (mdc != null) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				names[index] = entry.getKey();
				values[index++] = entry.getValue();
			}
		}
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				names[index] = pair.key;
				values[index++] = pair.value;
			}
		}
		Members members = members(names);
		if (members == null) {
			return false;
		}
		members.write(json, values, this.masking);
		return true;
	}

	private @Nullable Members members(String[] names) {
		Members[] known = this.members;
		for (Members members : known) {
			if (Arrays.equals(members.names, names)) {
				return members;
			}
		}
		Members members = Members.of(names);
		if (members != null && known.length < MAX_MEMBERS) {
			Members[] more = Arrays.copyOf(known, known.length + 1);
			more[known.length] = members;
			this.members = more;
		}
		return members;
	}

	/**
	 * The members of a line's context, for one sequence of names: before each value, the JSON that leads to it
	 * (closing the objects of the value before, opening those of this one, and its name); the order in which the
	 * values are written (names that share a dotted prefix are written together); and whether a string value is
	 * masked.
	 */
	private static final class Members {

		private final String[] names;

		private final String[] before;

		private final int[] order;

		private final boolean[] masked;

		private final String after;

		private Members(String[] names, String[] before, int[] order, boolean[] masked, String after) {
			this.names = names;
			this.before = before;
			this.order = order;
			this.masked = masked;
			this.after = after;
		}

		/**
		 * @return the members, or {@code null} when the names make a line that Boot's formatter must write (it
		 * refuses it or writes it differently)
		 */
		static @Nullable Members of(String[] names) {
			boolean dotted = false;
			for (String name : names) {
				dotted |= name.indexOf('.') >= 0;
			}
			Map<String, Object> tree = new LinkedHashMap<>();
			for (int i = 0; i < names.length; i++) {
				if (!put(tree, names[i], i, dotted)) {
					return null;
				}
			}
			for (String name : tree.keySet()) {
				if (TOP_LEVEL_MEMBERS.contains(name)) {
					return null;
				}
			}
			Layout layout = new Layout(names.length);
			layout.objectMembers(tree, "", true);
			return new Members(names.clone(), layout.before, layout.order, layout.masked, layout.json.toString());
		}

		void write(StringBuilder json, Object[] values, boolean masking) {
			for (int i = 0; i < this.order.length; i++) {
				json.append(this.before[i]);
				Object value = values[this.order[i]];
				if (value == null) {
					json.append("null");
				}
				else if (value instanceof String text) {
					JsonStrings.appendQuoted(json, (masking && this.masked[i]) ? SecretMasker.mask(text) : text);
				}
				else {
					json.append(value);
				}
			}
			json.append(this.after);
		}

	}

	/**
	 * Walks the tree of a line's names once, in the order Boot writes it, collecting the JSON between the values.
	 */
	private static final class Layout {

		final StringBuilder json = new StringBuilder();

		final String[] before;

		final int[] order;

		final boolean[] masked;

		private int next;

		Layout(int size) {
			this.before = new String[size];
			this.order = new int[size];
			this.masked = new boolean[size];
		}

		@SuppressWarnings("unchecked")
		void objectMembers(Map<String, Object> members, String parent, boolean topLevel) {
			boolean first = true;
			for (Map.Entry<String, Object> member : members.entrySet()) {
				if (topLevel || !first) {
					this.json.append(',');
				}
				first = false;
				String path = parent.isEmpty() ? member.getKey() : parent + "." + member.getKey();
				JsonStrings.appendQuoted(this.json, member.getKey());
				this.json.append(':');
				if (member.getValue() instanceof Map<?, ?> nested) {
					this.json.append('{');
					objectMembers((Map<String, Object>) nested, path, false);
					this.json.append('}');
				}
				else {
					this.before[this.next] = this.json.toString();
					this.order[this.next] = (Integer) member.getValue();
					this.masked[this.next] = !SecretMaskingJsonMembersCustomizer.isWrittenByTheLoggingSystem(path);
					this.next++;
					this.json.setLength(0);
				}
			}
		}

	}

	@SuppressWarnings("unchecked")
	private static boolean put(Map<String, Object> tree, String name, int index, boolean dotted) {
		if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
			return false;
		}
		if (!dotted) {
			return tree.putIfAbsent(name, index) == null;
		}
		String[] segments = StringUtils.delimitedListToStringArray(name, ".");
		Map<String, Object> destination = tree;
		for (int i = 0; i < segments.length - 1; i++) {
			Object existing = destination.computeIfAbsent(segments[i], (key) -> new LinkedHashMap<>());
			if (!(existing instanceof Map)) {
				return false;
			}
			destination = (Map<String, Object>) existing;
		}
		return destination.putIfAbsent(segments[segments.length - 1], index) == null;
	}

	private @Nullable String mask(@Nullable String text) {
		return this.masking ? SecretMasker.mask(text) : text;
	}

	private record Second(long epochSecond, String text) {
	}

}
