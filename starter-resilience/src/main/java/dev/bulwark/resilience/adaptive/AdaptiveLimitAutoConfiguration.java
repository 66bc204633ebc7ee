package dev.bulwark.resilience.adaptive;

import com.netflix.concurrency.limits.Limiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.apache.catalina.startup.Tomcat;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Adaptive load shedding of inbound requests: on Tomcat by {@link AdaptiveLimitValve}, in front of the servlet
 * pipeline; elsewhere by {@link AdaptiveLimitFilter}.
 */
@AutoConfiguration(afterName = "dev.bulwark.core.problem.ProblemDetailsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Limiter.class)
@ConditionalOnBooleanProperty(name = { "bulwark.resilience.enabled", "bulwark.resilience.adaptive-limit.enabled" },
		matchIfMissing = true)
@EnableConfigurationProperties(AdaptiveLimitProperties.class)
public final class AdaptiveLimitAutoConfiguration {

	/**
	 * Right after correlation ids, before the HTTP server's observation (moved to {@link #OBSERVATION_FILTER_ORDER}),
	 * the access log, deadlines and security: a refusal must cost little next to an answer, or at twice a service's
	 * capacity the refusals eat what they save.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	/**
	 * Where Spring Boot's HTTP server observation filter is moved from its own {@code HIGHEST_PRECEDENCE + 1}, when it
	 * is still there.
	 */
	public static final int OBSERVATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	@ConditionalOnMissingBean
	InboundRequestLimiter inboundRequestLimiter(AdaptiveLimitProperties properties) {
		if (properties.getMinLimit() < 1 || properties.getMinLimit() > properties.getInitialLimit()
				|| properties.getInitialLimit() > properties.getMaxLimit()) {
			throw new InvalidBulwarkPropertyException("bulwark.resilience.adaptive-limit.initial-limit",
					properties.getInitialLimit(), "need 1 <= min-limit <= initial-limit <= max-limit",
					"Set bulwark.resilience.adaptive-limit.min-limit, initial-limit and max-limit in that order.");
		}
		if (properties.getShedStatus() != 429 && properties.getShedStatus() != 503) {
			throw new InvalidBulwarkPropertyException("bulwark.resilience.adaptive-limit.shed-status",
					properties.getShedStatus(), "a refused request is answered with 429 or 503",
					"Set bulwark.resilience.adaptive-limit.shed-status to 429 (keeps the connection) or 503.");
		}
		if (properties.getCriticalShare() <= 0 || properties.getCriticalShare() >= 1) {
			throw new InvalidBulwarkPropertyException("bulwark.resilience.adaptive-limit.critical-share",
					properties.getCriticalShare(), "the share must be between 0 and 1",
					"Set bulwark.resilience.adaptive-limit.critical-share to a value such as 0.5.");
		}
		return new InboundRequestLimiter(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	AdaptiveLimitFilter adaptiveLimitFilter(InboundRequestLimiter limiter) {
		return new AdaptiveLimitFilter(limiter);
	}

	@Bean
	@ConditionalOnMissingBean(name = "adaptiveLimitFilterRegistration")
	FilterRegistrationBean<AdaptiveLimitFilter> adaptiveLimitFilterRegistration(AdaptiveLimitFilter filter) {
		return FilterRegistrations.ordered(filter, FILTER_ORDER);
	}

	@Bean
	static BeanPostProcessor observationAfterAdaptiveLimit() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof FilterRegistrationBean<?> registration
						&& registration.getFilter() instanceof ServerHttpObservationFilter
						&& registration.getOrder() == Ordered.HIGHEST_PRECEDENCE + 1) {
					registration.setOrder(OBSERVATION_FILTER_ORDER);
				}
				return bean;
			}
		};
	}

	/**
	 * On Tomcat, the limit is applied by a valve in the engine instead of the filter, which is then not registered.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	@ConditionalOnBooleanProperty(name = "bulwark.resilience.adaptive-limit.tomcat-valve", matchIfMissing = true)
	static class TomcatValveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdaptiveLimitValve adaptiveLimitValve(InboundRequestLimiter limiter,
				ObjectProvider<CorrelationIdProperties> correlation) {
			return new AdaptiveLimitValve(limiter, correlation.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean(name = "adaptiveLimitValveCustomizer")
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> adaptiveLimitValveCustomizer(AdaptiveLimitValve valve,
				@Qualifier("adaptiveLimitFilterRegistration") ObjectProvider<FilterRegistrationBean<?>> filterRegistration) {
			return (factory) -> {
				factory.addEngineValves(valve);
				filterRegistration.ifAvailable((registration) -> registration.setEnabled(false));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "adaptiveLimitMetrics")
		MeterBinder adaptiveLimitMetrics(InboundRequestLimiter limiter) {
			return (registry) -> {
				Gauge.builder("bulwark.resilience.adaptive.limit", limiter, InboundRequestLimiter::getLimit)
					.description("Current adaptive concurrency limit of inbound requests")
					.register(registry);
				Gauge.builder("bulwark.resilience.adaptive.inflight", limiter, InboundRequestLimiter::getInflight)
					.description("Inbound requests holding a slot of the adaptive limit")
					.register(registry);
				FunctionCounter
					.builder("bulwark.resilience.adaptive.rejected", limiter, InboundRequestLimiter::getRejected)
					.description("Inbound requests shed by the adaptive limit")
					.register(registry);
			};
		}

	}

}
