package dev.bulwark.observability.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;

import dev.bulwark.observability.ServiceProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Common tags, SLO histograms, the tag cardinality guard, cached observation meters and the {@code /metrics} alias.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "bulwark.observability.enabled", "bulwark.observability.metrics.enabled" },
		matchIfMissing = true)
@EnableConfigurationProperties({ ObservabilityMetricsProperties.class, ServiceProperties.class })
public final class ObservabilityMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "bulwarkCommonTagsMeterFilter")
	@ConditionalOnBooleanProperty(name = "bulwark.observability.metrics.common-tags", matchIfMissing = true)
	MeterFilter bulwarkCommonTagsMeterFilter(ObservabilityMetricsProperties properties, ServiceProperties service,
			Environment environment) {
		String instance = (properties.getInstance() != null) ? properties.getInstance() : hostName(environment);
		return MeterFilter.commonTags(io.micrometer.core.instrument.Tags.of("application",
				environment.getProperty("spring.application.name", "application"), "env", service.getEnvironment(),
				"version", service.getVersion(), "instance", instance));
	}

	@Bean
	@ConditionalOnMissingBean
	SloHistogramMeterFilter sloHistogramMeterFilter(ObservabilityMetricsProperties properties) {
		return new SloHistogramMeterFilter(properties.getSloMeters(), properties.getSlo());
	}

	@Bean
	@ConditionalOnMissingBean
	TagCardinalityGuard tagCardinalityGuard(ObservabilityMetricsProperties properties) {
		return new TagCardinalityGuard(properties.getMaxTagValues());
	}

	/**
	 * Boot registers Micrometer's handler whatever else there is; Boot's registry configuration puts all meter
	 * handlers behind one that calls the first, in bean order, so this one goes before it. Backs off when the
	 * application has a meter handler of its own.
	 */
	@Bean
	@Order(0)
	@ConditionalOnMissingBean(value = MeterObservationHandler.class, ignored = DefaultMeterObservationHandler.class)
	@ConditionalOnBooleanProperty(name = "bulwark.observability.metrics.cache-observation-meters", matchIfMissing = true)
	CachingMeterObservationHandler cachingMeterObservationHandler(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<MetricsProperties> metricsProperties) {
		MetricsProperties metrics = metricsProperties.getIfAvailable(MetricsProperties::new);
		// as Boot's own handler: without a registry, one that records nowhere
		return new CachingMeterObservationHandler(registry.getIfAvailable(CompositeMeterRegistry::new),
				!metrics.getObservations().getIgnoredMeters().contains(IgnoredMeters.LONG_TASK_TIMER));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(PrometheusScrapeEndpoint.class)
	@ConditionalOnBean(PrometheusScrapeEndpoint.class)
	@ConditionalOnBooleanProperty(name = "bulwark.observability.metrics.prometheus-alias", matchIfMissing = true)
	static class PrometheusAliasConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PrometheusAliasController prometheusAliasController(PrometheusScrapeEndpoint endpoint) {
			return new PrometheusAliasController(endpoint);
		}

	}

	private static String hostName(Environment environment) {
		String hostName = environment.getProperty("HOSTNAME");
		if (hostName != null && !hostName.isBlank()) {
			return hostName;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
