package dev.bulwark.test.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The log lines written while a test ran, as {@link LogLine}s, injected by {@link StructuredLogsExtension}:
 *
 * <pre>{@code
 * @ExtendWith(StructuredLogsExtension.class)
 * class OrdersTests {
 *
 *     @Test
 *     void logsTheOrder(StructuredLogs logs) {
 *         ...
 *         assertThat(logs.withField("correlationId", id)).extracting((line) -> line.get("log.logger")).contains("bulwark.access");
 *     }
 * }
 * }</pre>
 */
public final class StructuredLogs {

	private final List<LogLine> lines = new CopyOnWriteArrayList<>();

	void add(LogLine line) {
		this.lines.add(line);
	}

	/**
	 * @return every line so far, in the order written
	 */
	public List<LogLine> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * @param path a member's path, as {@link LogLine#get(String)} takes it
	 * @param value the value it must have
	 * @return the lines with that value
	 */
	public List<LogLine> withField(String path, String value) {
		return matching((line) -> value.equals(line.get(path)));
	}

	/**
	 * @param condition a condition on a line
	 * @return the lines that meet it
	 */
	public List<LogLine> matching(Predicate<LogLine> condition) {
		return this.lines.stream().filter(condition).toList();
	}

}
