package dev.bulwark.resilience.cloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.bulwark.resilience.policy.CallOutcomes;
import dev.bulwark.resilience.policy.ClientPolicy;
import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * Spring Cloud CircuitBreaker's {@link CircuitBreakerFactory}, for code written against it: an id that names a
 * Bulwark policy ({@code bulwark.resilience.clients.<id>}) uses that policy, the same circuit breaker and bulkhead
 * as the named client; any other id gets a policy of its own with the defaults. Calls run on the caller's thread,
 * so the MDC, trace and security context arrive, and are not retried (as with Spring Cloud's own factories).
 */
public class BulwarkCircuitBreakerFactory
		extends CircuitBreakerFactory<ClientPolicyProperties, BulwarkCircuitBreakerFactory.PolicyConfigBuilder> {

	private final ResiliencePolicies policies;

	private final CircuitBreakerRegistry circuitBreakers;

	private final BulkheadRegistry bulkheads;

	private final @Nullable MeterRegistry meters;

	private final Map<String, ClientPolicy> others = new ConcurrentHashMap<>();

	private Function<String, ClientPolicyProperties> defaults = (id) -> new ClientPolicyProperties();

	public BulwarkCircuitBreakerFactory(ResiliencePolicies policies, CircuitBreakerRegistry circuitBreakers,
			BulkheadRegistry bulkheads, @Nullable MeterRegistry meters) {
		this.policies = policies;
		this.circuitBreakers = circuitBreakers;
		this.bulkheads = bulkheads;
		this.meters = meters;
	}

	@Override
	public CircuitBreaker create(String id) {
		ClientPolicy policy = this.policies.names().contains(id) ? this.policies.get(id)
				: this.others.computeIfAbsent(id, (name) -> ClientPolicyFactory.create(name,
						getConfigurations().computeIfAbsent(name, this.defaults), this.circuitBreakers, this.bulkheads,
						this.meters));
		return new CircuitBreaker() {
			@Override
			public <T> T run(java.util.function.Supplier<T> toRun, Function<Throwable, T> fallback) {
				try {
					return policy.execute(false, (number, budget) -> toRun.get(), CallOutcomes.exceptionsOnly());
				}
				catch (Exception ex) {
					return fallback.apply(ex);
				}
			}
		};
	}

	@Override
	protected PolicyConfigBuilder configBuilder(String id) {
		return new PolicyConfigBuilder();
	}

	@Override
	public void configureDefault(Function<String, ClientPolicyProperties> defaultConfiguration) {
		this.defaults = defaultConfiguration;
	}

	/**
	 * Builds the settings of an id that is not a named Bulwark policy, for {@code factory.configure(...)}.
	 */
	public static class PolicyConfigBuilder implements ConfigBuilder<ClientPolicyProperties> {

		private final ClientPolicyProperties properties = new ClientPolicyProperties();

		/**
		 * @return the settings to change before {@link #build()}
		 */
		public ClientPolicyProperties properties() {
			return this.properties;
		}

		@Override
		public ClientPolicyProperties build() {
			return this.properties;
		}

	}

}
