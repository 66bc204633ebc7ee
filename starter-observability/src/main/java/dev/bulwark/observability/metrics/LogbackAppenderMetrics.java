package dev.bulwark.observability.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;

/**
 * Micrometer's {@code logback.events} counters (one per level), counted by an appender on the root logger instead of
 * by Micrometer's turbo filter.
 * <p>
 * Logback asks every turbo filter on every level check, such as the {@code isTraceEnabled()} that Spring's code calls
 * dozens of times per request. An appender sees only the events that are written. What it counts are the events that
 * reach the root logger's appenders: an event of a logger with {@code additivity="false"} is counted by Micrometer's
 * filter but not here.
 * <p>
 * A subclass of {@link LogbackMetrics}, so that Spring Boot's own {@code LogbackMetrics} bean backs off. The appender
 * is attached again when Logback's configuration is reset.
 */
public class LogbackAppenderMetrics extends LogbackMetrics {

	static final String APPENDER_NAME = "bulwark-logback-events";

	private final Iterable<Tag> tags;

	private final LoggerContext loggerContext;

	private final Map<MeterRegistry, CountingAppender> appenders = new ConcurrentHashMap<>();

	private final LoggerContextListener reattachOnReset = new ReattachOnReset();

	public LogbackAppenderMetrics(Iterable<Tag> tags, LoggerContext loggerContext) {
		super(tags, loggerContext);
		this.tags = tags;
		this.loggerContext = loggerContext;
		loggerContext.addListener(this.reattachOnReset);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.appenders.computeIfAbsent(registry, (key) -> {
			CountingAppender appender = new CountingAppender(registry, this.tags);
			attach(appender);
			return appender;
		});
	}

	@Override
	public void close() {
		this.loggerContext.removeListener(this.reattachOnReset);
		for (CountingAppender appender : this.appenders.values()) {
			root().detachAppender(appender);
			appender.stop();
		}
		this.appenders.clear();
		super.close();
	}

	private void attach(CountingAppender appender) {
		appender.setContext(this.loggerContext);
		appender.start();
		root().addAppender(appender);
	}

	private Logger root() {
		return this.loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	/**
	 * Logback's reset detaches and stops every appender, then tells its listeners.
	 */
	private final class ReattachOnReset implements LoggerContextListener {

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onReset(LoggerContext context) {
			LogbackAppenderMetrics.this.appenders.values().forEach(LogbackAppenderMetrics.this::attach);
		}

		@Override
		public void onStart(LoggerContext context) {
		}

		@Override
		public void onStop(LoggerContext context) {
		}

		@Override
		public void onLevelChange(Logger logger, Level level) {
		}

	}

	/**
	 * Counts the events it is given by level, in counters registered once.
	 */
	static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private final Counter error;

		private final Counter warn;

		private final Counter info;

		private final Counter debug;

		private final Counter trace;

		CountingAppender(MeterRegistry registry, Iterable<Tag> tags) {
			setName(APPENDER_NAME);
			this.error = counter(registry, tags, "error");
			this.warn = counter(registry, tags, "warn");
			this.info = counter(registry, tags, "info");
			this.debug = counter(registry, tags, "debug");
			this.trace = counter(registry, tags, "trace");
		}

		private static Counter counter(MeterRegistry registry, Iterable<Tag> tags, String level) {
			// the name, tags and unit of Micrometer's MetricsTurboFilter
			return Counter.builder("logback.events")
				.tags(tags)
				.tag("level", level)
				.description("Number of log events that reached the root logger's appenders")
				.baseUnit(BaseUnits.EVENTS)
				.register(registry);
		}

		@Override
		protected void append(ILoggingEvent event) {
			switch (event.getLevel().toInt()) {
				case Level.ERROR_INT -> this.error.increment();
				case Level.WARN_INT -> this.warn.increment();
				case Level.INFO_INT -> this.info.increment();
				case Level.DEBUG_INT -> this.debug.increment();
				case Level.TRACE_INT -> this.trace.increment();
				default -> {
				}
			}
		}

	}

}
