package dev.bulwark.resilience;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.resilience.client.ResilientRestClients;
import dev.bulwark.resilience.deadline.DeadlineFilter;
import dev.bulwark.resilience.policy.CircuitBreakersHealthIndicator;
import dev.bulwark.resilience.policy.ResiliencePolicies;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, ResilienceAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void shouldProvidePoliciesDeadlinesAndHealthWithoutAnyClient() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ResiliencePolicies.class)
				.hasSingleBean(ResilientRestClients.class)
				.hasSingleBean(DeadlineFilter.class)
				.hasSingleBean(CircuitBreakersHealthIndicator.class);
			assertThat(context.getBean(ResiliencePolicies.class).names()).isEmpty();
		});
	}

	@Test
	void shouldAskForBootsRestClientBuilderOnlyWhenAClientIsDeclared() {
		AtomicInteger builders = new AtomicInteger();
		WebApplicationContextRunner counting = this.runner.withBean(RestClientCustomizer.class,
				() -> (builder) -> builders.incrementAndGet());
		counting.run((context) -> {
			assertThat(context).hasSingleBean(ResilientRestClients.class);
			assertThat(builders).hasValue(0);
		});
		counting.withPropertyValues("bulwark.resilience.clients.inventory.base-url=http://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasBean("inventoryRestClient");
				assertThat(builders).hasValue(1);
			});
	}

	@Test
	void shouldRegisterAQualifiedRestClientPerName() {
		this.runner
			.withPropertyValues("bulwark.resilience.clients.inventory.base-url=http://127.0.0.1:1",
					"bulwark.resilience.clients.payments.base-url=http://127.0.0.1:2",
					"bulwark.resilience.clients.payments.retry.max-attempts=5")
			.withUserConfiguration(NeedsInventory.class)
			.run((context) -> {
				assertThat(context).hasBean("inventoryRestClient").hasBean("paymentsRestClient");
				assertThat(context.getBean(NeedsInventory.class).client)
					.isSameAs(context.getBean(ResilientRestClients.class).get("inventory"));
				assertThat(context.getBean(ResiliencePolicies.class).get("payments").getProperties().getRetry()
					.getMaxAttempts()).isEqualTo(5);
				assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers())
					.extracting("name").containsExactlyInAnyOrder("inventory", "payments");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean("bulwarkCircuitBreakerMetrics", MeterBinder.class).bindTo(meters);
				assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "inventory").meters())
					.isNotEmpty();
				assertThat(meters.find("bulwark.resilience.retries").tag("name", "payments").counter()).isNotNull();
			});
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("bulwark.resilience.enabled=false",
				"bulwark.resilience.clients.inventory.base-url=http://127.0.0.1:1")
			.run((context) -> assertThat(context).doesNotHaveBean(ResiliencePolicies.class)
				.doesNotHaveBean("inventoryRestClient")
				.doesNotHaveBean(DeadlineFilter.class));
	}

	@Test
	void shouldSwitchDeadlinesOffAlone() {
		this.runner.withPropertyValues("bulwark.resilience.deadline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DeadlineFilter.class)
				.hasSingleBean(ResiliencePolicies.class));
	}

	@Test
	void shouldUseTheUsersCircuitBreakerRegistry() {
		this.runner.withBean("userRegistry", CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
			.withPropertyValues("bulwark.resilience.clients.inventory.base-url=http://127.0.0.1:1")
			.run((context) -> assertThat(context.getBean(CircuitBreakerRegistry.class).find("inventory"))
				.isPresent()
				.get()
				.isSameAs(context.getBean("userRegistry", CircuitBreakerRegistry.class).circuitBreaker("inventory")));
	}

	@Test
	void shouldFailNamingThePropertyForAnImpossiblePolicy() {
		this.runner.withPropertyValues("bulwark.resilience.clients.inventory.retry.max-attempts=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.resilience.clients.inventory.retry.max-attempts"));
	}

	@Configuration(proxyBeanMethods = false)
	static class NeedsInventory {

		final RestClient client;

		NeedsInventory(@Qualifier("inventory") RestClient client) {
			this.client = client;
		}

	}

}
