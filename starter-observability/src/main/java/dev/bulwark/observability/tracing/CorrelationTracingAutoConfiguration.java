package dev.bulwark.observability.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.bulwark.core.correlation.CorrelationIdProperties;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The correlation id on every span, and span export outcomes as metrics.
 */
@AutoConfiguration(afterName = "dev.bulwark.core.correlation.CorrelationIdAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = { "bulwark.observability.enabled", "bulwark.observability.tracing.enabled" },
		matchIfMissing = true)
public final class CorrelationTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bulwark.correlation.enabled", matchIfMissing = true)
	CorrelationIdObservationFilter correlationIdObservationFilter(ObjectProvider<CorrelationIdProperties> properties) {
		return new CorrelationIdObservationFilter(properties.getIfAvailable(CorrelationIdProperties::new).getMdcKey());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SpanExporter.class, MeterRegistry.class })
	static class SpanExportMetricsConfiguration {

		@Bean
		static BeanPostProcessor meteredSpanExporterPostProcessor(ObjectProvider<MeterRegistry> registry) {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
					if (bean instanceof SpanExporter exporter && !(bean instanceof MeteredSpanExporter)) {
						MeterRegistry meterRegistry = registry.getIfAvailable();
						if (meterRegistry != null) {
							return new MeteredSpanExporter(exporter, meterRegistry, beanName);
						}
					}
					return bean;
				}
			};
		}

	}

}
