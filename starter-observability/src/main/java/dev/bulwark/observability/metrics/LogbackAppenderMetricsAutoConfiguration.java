package dev.bulwark.observability.metrics;

import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Micrometer's {@code logback.events} counters, counted by an appender ({@link LogbackAppenderMetrics}) instead of by
 * the turbo filter of Spring Boot's {@code LogbackMetrics} bean, which then backs off. Under the same conditions as
 * Boot's; switched off by {@code bulwark.observability.metrics.count-log-events-in-appender=false}.
 */
@AutoConfiguration(before = LogbackMetricsAutoConfiguration.class,
		after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, LoggerContext.class, LoggerFactory.class, LogbackMetrics.class })
@ConditionalOnBean(MeterRegistry.class)
@Conditional(LogbackAppenderMetricsAutoConfiguration.LogbackLoggingCondition.class)
@ConditionalOnBooleanProperty(name = { "bulwark.observability.enabled", "bulwark.observability.metrics.enabled",
		"bulwark.observability.metrics.count-log-events-in-appender" }, matchIfMissing = true)
public final class LogbackAppenderMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LogbackMetrics.class)
	LogbackAppenderMetrics logbackAppenderMetrics() {
		return new LogbackAppenderMetrics(List.of(), (LoggerContext) LoggerFactory.getILoggerFactory());
	}

	static class LogbackLoggingCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
			return (loggerFactory instanceof LoggerContext) ? ConditionOutcome.match("SLF4J logs to Logback")
					: ConditionOutcome.noMatch("SLF4J logs to " + loggerFactory.getClass().getName());
		}

	}

}
