package dev.bulwark.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.bulwark.observability.metrics.LogbackAppenderMetrics;

/**
 * What the {@code logback.events} counters cost: a disabled level check ({@code isTraceEnabled()}, which Spring's
 * code makes dozens of times per request) and a written event, with Micrometer's turbo filter and with Bulwark's
 * counting appender. The root logger writes to an appender that drops the events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogbackMetricsBenchmark {

	@Param({ "turboFilter", "appender" })
	public String counting;

	private Logger logger;

	@Setup
	public void setUp() {
		LoggerContext logs = new LoggerContext();
		Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.INFO);
		AppenderBase<ILoggingEvent> dropping = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
			}
		};
		dropping.setContext(logs);
		dropping.start();
		root.addAppender(dropping);
		LogbackMetrics metrics = "turboFilter".equals(this.counting) ? new LogbackMetrics(List.of(), logs)
				: new LogbackAppenderMetrics(List.of(), logs);
		metrics.bindTo(new SimpleMeterRegistry());
		this.logger = logs.getLogger("dev.bulwark.bench.orders");
	}

	@Benchmark
	public boolean disabledLevelCheck() {
		return this.logger.isTraceEnabled();
	}

	@Benchmark
	public void writtenEvent() {
		this.logger.info("order {} created", 42);
	}

}
