package dev.bulwark.observability.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LogbackAppenderMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				LogbackMetricsAutoConfiguration.class, LogbackAppenderMetricsAutoConfiguration.class));

	private final LoggerContext applicationLogs = (LoggerContext) LoggerFactory.getILoggerFactory();

	@Test
	void shouldCountLogEventsWithoutATurboFilterInABootApplication() {
		// the application's logging is the test JVM's: compared with what was there before this application
		long turboFiltersBefore = metricsTurboFilters(this.applicationLogs);
		long appendersBefore = countingAppenders(this.applicationLogs);
		this.runner.run((context) -> {
			assertThat(context).getBean(LogbackMetrics.class).isInstanceOf(LogbackAppenderMetrics.class);
			assertThat(metricsTurboFilters(this.applicationLogs)).isEqualTo(turboFiltersBefore);
			assertThat(countingAppenders(this.applicationLogs)).isEqualTo(appendersBefore + 1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			double before = registry.get("logback.events").tag("level", "warn").counter().count();
			LoggerFactory.getLogger("orders").warn("payment provider slow");
			assertThat(registry.get("logback.events").tag("level", "warn").counter().count()).isEqualTo(before + 1);
		});
		// closed with the context: no appender left behind on the application's root logger
		assertThat(countingAppenders(this.applicationLogs)).isEqualTo(appendersBefore);
	}

	@Test
	void shouldLeaveTheCountingToBootsTurboFilterWhenSwitchedOff() {
		long turboFiltersBefore = metricsTurboFilters(this.applicationLogs);
		long appendersBefore = countingAppenders(this.applicationLogs);
		this.runner.withPropertyValues("bulwark.observability.metrics.count-log-events-in-appender=false")
			.run((context) -> {
				assertThat(context).getBean(LogbackMetrics.class).isExactlyInstanceOf(LogbackMetrics.class);
				assertThat(metricsTurboFilters(this.applicationLogs)).isEqualTo(turboFiltersBefore + 1);
				assertThat(countingAppenders(this.applicationLogs)).isEqualTo(appendersBefore);
			});
	}

	@Test
	void shouldBackOffForTheApplicationsOwnLogbackMetrics() {
		long appendersBefore = countingAppenders(this.applicationLogs);
		this.runner.withUserConfiguration(OwnLogbackMetrics.class).run((context) -> {
			assertThat(context).getBean(LogbackMetrics.class).isSameAs(context.getBean("ownLogbackMetrics"));
			assertThat(countingAppenders(this.applicationLogs)).isEqualTo(appendersBefore);
		});
	}

	@Test
	void shouldCountWhatMicrometersTurboFilterCounts() {
		LoggerContext logs = new LoggerContext();
		root(logs).setLevel(Level.DEBUG);
		logs.getLogger("quiet").setLevel(Level.WARN);
		logs.getLogger("chatty").setLevel(Level.TRACE);
		MeterRegistry micrometers = new SimpleMeterRegistry();
		MeterRegistry bulwarks = new SimpleMeterRegistry();
		new LogbackMetrics(List.of(), logs).bindTo(micrometers);
		new LogbackAppenderMetrics(List.of(), logs).bindTo(bulwarks);
		for (String name : List.of("orders", "quiet", "chatty", "chatty.child")) {
			logEveryLevel(logs.getLogger(name));
		}
		logs.getLogger("orders").error("failed", new IllegalStateException("boom"));
		assertThat(counts(bulwarks)).isEqualTo(counts(micrometers))
			.containsEntry("trace", 2.0)
			.containsEntry("debug", 3.0)
			.containsEntry("error", 5.0);
	}

	@Test
	void shouldKeepCountingAfterLogbackIsReset() {
		LoggerContext logs = new LoggerContext();
		MeterRegistry registry = new SimpleMeterRegistry();
		new LogbackAppenderMetrics(List.of(), logs).bindTo(registry);
		// as Spring Boot does when it configures logging again
		logs.reset();
		logs.getLogger("orders").info("created");
		assertThat(registry.get("logback.events").tag("level", "info").counter().count()).isOne();
	}

	@Test
	void shouldStopCountingWhenClosed() {
		LoggerContext logs = new LoggerContext();
		MeterRegistry registry = new SimpleMeterRegistry();
		LogbackAppenderMetrics metrics = new LogbackAppenderMetrics(List.of(), logs);
		metrics.bindTo(registry);
		metrics.close();
		logs.getLogger("orders").info("created");
		assertThat(registry.get("logback.events").tag("level", "info").counter().count()).isZero();
		assertThat(root(logs).iteratorForAppenders()).isExhausted();
	}

	private static void logEveryLevel(Logger logger) {
		logger.trace("trace {}", 1);
		logger.debug("debug");
		logger.info("info");
		logger.warn("warn");
		logger.error("error");
	}

	private static Map<String, Double> counts(MeterRegistry registry) {
		Map<String, Double> counts = new TreeMap<>();
		registry.get("logback.events").counters().forEach((counter) -> counts.put(counter.getId().getTag("level"),
				counter.count()));
		return counts;
	}

	private static long metricsTurboFilters(LoggerContext logs) {
		return logs.getTurboFilterList()
			.stream()
			.map(TurboFilter::getClass)
			.filter((type) -> type.getName().endsWith(".MetricsTurboFilter"))
			.count();
	}

	private static long countingAppenders(LoggerContext logs) {
		long count = 0;
		for (var appenders = root(logs).iteratorForAppenders(); appenders.hasNext();) {
			if (LogbackAppenderMetrics.APPENDER_NAME.equals(appenders.next().getName())) {
				count++;
			}
		}
		return count;
	}

	private static Logger root(LoggerContext logs) {
		return logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLogbackMetrics {

		@Bean
		LogbackMetrics ownLogbackMetrics() {
			return new LogbackMetrics();
		}

	}

}
