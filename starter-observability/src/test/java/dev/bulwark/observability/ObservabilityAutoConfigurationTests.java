package dev.bulwark.observability;

import java.util.Collection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import dev.bulwark.observability.logging.AccessLogAutoConfiguration;
import dev.bulwark.observability.logging.AccessLogFilter;
import dev.bulwark.observability.logging.AccessLogProperties;
import dev.bulwark.observability.metrics.ObservabilityMetricsAutoConfiguration;
import dev.bulwark.observability.metrics.SloHistogramMeterFilter;
import dev.bulwark.observability.metrics.TagCardinalityGuard;
import dev.bulwark.observability.tracing.CorrelationIdObservationFilter;
import dev.bulwark.observability.tracing.CorrelationTracingAutoConfiguration;
import dev.bulwark.observability.tracing.MeteredSpanExporter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AccessLogAutoConfiguration.class,
				ObservabilityMetricsAutoConfiguration.class, CorrelationTracingAutoConfiguration.class));

	@Test
	void shouldAddAccessLogMetricGuardsAndSpanCorrelationByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AccessLogFilter.class)
			.hasBean("accessLogFilterRegistration")
			.hasBean("bulwarkCommonTagsMeterFilter")
			.hasSingleBean(SloHistogramMeterFilter.class)
			.hasSingleBean(TagCardinalityGuard.class)
			.hasSingleBean(CorrelationIdObservationFilter.class));
	}

	@Test
	void shouldBackOffEverywhereWhenObservabilityIsDisabled() {
		this.runner.withPropertyValues("bulwark.observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogFilter.class)
				.doesNotHaveBean(TagCardinalityGuard.class)
				.doesNotHaveBean(CorrelationIdObservationFilter.class));
	}

	@Test
	void shouldSwitchEachPartOffAlone() {
		this.runner
			.withPropertyValues("bulwark.observability.access-log.enabled=false",
					"bulwark.observability.metrics.common-tags=false", "bulwark.observability.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AccessLogFilter.class)
				.doesNotHaveBean("bulwarkCommonTagsMeterFilter")
				.hasSingleBean(TagCardinalityGuard.class)
				.doesNotHaveBean(CorrelationIdObservationFilter.class));
	}

	@Test
	void shouldBindProperties() {
		this.runner
			.withPropertyValues("bulwark.observability.access-log.logger-name=http.access",
					"bulwark.observability.metrics.max-tag-values=7")
			.run((context) -> {
				assertThat(context.getBean(AccessLogProperties.class).getLoggerName()).isEqualTo("http.access");
				assertThat(context.getBean(
						dev.bulwark.observability.metrics.ObservabilityMetricsProperties.class).getMaxTagValues())
					.isEqualTo(7);
			});
	}

	@Test
	void shouldFailNamingThePropertyForAZeroTagLimit() {
		this.runner.withPropertyValues("bulwark.observability.metrics.max-tag-values=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxTagValues"));
	}

	@Test
	void shouldBackOffWhenUserDefinesBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean(TagCardinalityGuard.class)).isSameAs(context.getBean("userGuard"));
			assertThat(context.getBean(AccessLogFilter.class)).isSameAs(context.getBean("userAccessLog"));
		});
	}

	@Test
	void shouldSkipMetricsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TagCardinalityGuard.class)
				.hasSingleBean(AccessLogFilter.class));
	}

	@Test
	void shouldSkipSpanCorrelationWithoutObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CorrelationIdObservationFilter.class));
	}

	@Test
	void shouldCountExportedSpans() {
		this.runner.withUserConfiguration(ExporterBeans.class).run((context) -> {
			SpanExporter exporter = context.getBean("spanExporter", SpanExporter.class);
			assertThat(exporter).isInstanceOf(MeteredSpanExporter.class);
			try (SdkTracerProvider tracing = SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(exporter))
				.build()) {
				tracing.get("test").spanBuilder("one").startSpan().end();
				tracing.get("test").spanBuilder("two").startSpan().end();
			}
			assertThat(context.getBean(MeterRegistry.class)
				.get(MeteredSpanExporter.METER)
				.tag("outcome", "failure")
				.counter()
				.count()).isEqualTo(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		TagCardinalityGuard userGuard() {
			return new TagCardinalityGuard(5);
		}

		@Bean
		AccessLogFilter userAccessLog() {
			return new AccessLogFilter(new AccessLogProperties());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExporterBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SpanExporter spanExporter() {
			return new SpanExporter() {
				@Override
				public CompletableResultCode export(Collection<SpanData> spans) {
					return CompletableResultCode.ofFailure();
				}

				@Override
				public CompletableResultCode flush() {
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode shutdown() {
					return CompletableResultCode.ofSuccess();
				}
			};
		}

	}

}
