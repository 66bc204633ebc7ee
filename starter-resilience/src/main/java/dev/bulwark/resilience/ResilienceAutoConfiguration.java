package dev.bulwark.resilience;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.resilience.client.ResilientClientCustomizer;
import dev.bulwark.resilience.client.ResilientRestClients;
import dev.bulwark.resilience.client.ResilientWebClients;
import dev.bulwark.resilience.cloud.BulwarkCircuitBreakerFactory;
import dev.bulwark.resilience.deadline.DeadlineFilter;
import dev.bulwark.resilience.deadline.DeadlineProperties;
import dev.bulwark.resilience.policy.CircuitBreakersHealthIndicator;
import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;
import dev.bulwark.resilience.policy.ResilienceProperties;
import dev.bulwark.resilience.web.ResilienceExceptionHandler;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Named outbound clients and policies from {@code bulwark.resilience.clients}, inbound deadlines, and the metrics,
 * health details and problem answers of the policies.
 */
@AutoConfiguration(
		beforeName = "org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration",
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"dev.bulwark.core.problem.ProblemDetailsAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "bulwark.resilience.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ResilienceProperties.class, DeadlineProperties.class })
public final class ResilienceAutoConfiguration {

	/**
	 * Inside the correlation id, observation and access-log filters, before security.
	 */
	public static final int DEADLINE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerRegistry circuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	BulkheadRegistry bulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	ResiliencePolicies resiliencePolicies(ResilienceProperties properties, CircuitBreakerRegistry circuitBreakers,
			BulkheadRegistry bulkheads, ObjectProvider<MeterRegistry> meters) {
		return new ResiliencePolicies(
				ClientPolicyFactory.create(properties, circuitBreakers, bulkheads, meters.getIfUnique()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClient.class)
	static class RestClientsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RestClient.Builder.class)
		ResilientRestClients resilientRestClients(ResiliencePolicies policies,
				ObjectProvider<RestClient.Builder> builder, DeadlineProperties deadline,
				ObjectProvider<ResilientClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
			return new ResilientRestClients(policies, builder::getObject, deadline.getHeaderName(),
					customizers.orderedStream().toList(), sslBundles.getIfAvailable());
		}

		@Bean
		static NamedRestClientsRegistrar namedRestClientsRegistrar() {
			return new NamedRestClientsRegistrar();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
	static class WebClientsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(type = "org.springframework.web.reactive.function.client.WebClient$Builder")
		ResilientWebClients resilientWebClients(ResiliencePolicies policies,
				org.springframework.web.reactive.function.client.WebClient.Builder builder,
				DeadlineProperties deadline) {
			return new ResilientWebClients(policies, builder, deadline.getHeaderName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory")
	static class SpringCloudCircuitBreakerConfiguration {

		@Bean
		@ConditionalOnMissingBean(org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory.class)
		BulwarkCircuitBreakerFactory bulwarkCircuitBreakerFactory(ResiliencePolicies policies,
				CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
				ObjectProvider<MeterRegistry> meters) {
			return new BulwarkCircuitBreakerFactory(policies, circuitBreakers, bulkheads, meters.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, TaggedCircuitBreakerMetrics.class })
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "bulwarkCircuitBreakerMetrics")
		MeterBinder bulwarkCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
		}

		@Bean
		@ConditionalOnMissingBean(name = "bulwarkBulkheadMetrics")
		MeterBinder bulwarkBulkheadMetrics(BulkheadRegistry registry) {
			return TaggedBulkheadMetrics.ofBulkheadRegistry(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "circuitBreakersHealthIndicator")
		CircuitBreakersHealthIndicator circuitBreakersHealthIndicator(CircuitBreakerRegistry registry) {
			return new CircuitBreakersHealthIndicator(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class WebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "bulwark.resilience.deadline.enabled", matchIfMissing = true)
		DeadlineFilter deadlineFilter(DeadlineProperties properties) {
			return new DeadlineFilter(properties);
		}

		@Bean
		@ConditionalOnMissingBean(name = "deadlineFilterRegistration")
		@ConditionalOnBean(DeadlineFilter.class)
		FilterRegistrationBean<DeadlineFilter> deadlineFilterRegistration(DeadlineFilter filter) {
			return FilterRegistrations.ordered(filter, DEADLINE_FILTER_ORDER);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ProblemDetailsSupport.class)
		ResilienceExceptionHandler resilienceExceptionHandler(ProblemDetailsSupport problems,
				ResilienceProperties properties) {
			Duration retryAfter = properties.getClients()
				.values()
				.stream()
				.map((client) -> client.getCircuitBreaker().getWaitDurationInOpenState())
				.min(Duration::compareTo)
				.orElse(Duration.ofSeconds(1));
			return new ResilienceExceptionHandler(problems, retryAfter);
		}

	}

	/**
	 * Registers each named client as a {@code RestClient} bean called {@code <name>RestClient}, qualified by the
	 * name, so that {@code @Qualifier("inventory") RestClient inventory} can be injected.
	 */
	static final class NamedRestClientsRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
			if (!this.environment.getProperty("bulwark.resilience.enabled", Boolean.class, true)) {
				return;
			}
			Map<String, ClientPolicyProperties> clients = Binder.get(this.environment)
				.bind("bulwark.resilience.clients", Bindable.mapOf(String.class, ClientPolicyProperties.class))
				.orElse(Map.of());
			for (String name : clients.keySet()) {
				String beanName = name + "RestClient";
				if (registry.containsBeanDefinition(beanName)) {
					continue;
				}
				RootBeanDefinition definition = new RootBeanDefinition(RestClient.class);
				definition.setFactoryBeanName("resilientRestClients");
				definition.setFactoryMethodName("get");
				definition.getConstructorArgumentValues().addGenericArgumentValue(name);
				definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
				registry.registerBeanDefinition(beanName, definition);
			}
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		}

	}

}
