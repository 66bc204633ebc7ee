package dev.bulwark.resilience.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

/**
 * Builds the {@link ClientPolicy} of each configured name on resilience4j's registries, checking each setting and
 * naming the property of one that cannot work.
 */
public final class ClientPolicyFactory {

	private static final Logger logger = LoggerFactory.getLogger(ClientPolicyFactory.class);

	private ClientPolicyFactory() {
	}

	public static Map<String, ClientPolicy> create(ResilienceProperties properties,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, @Nullable MeterRegistry meters) {
		Map<String, ClientPolicy> policies = new LinkedHashMap<>();
		properties.getClients()
			.forEach((name, client) -> policies.put(name, create(name, client, circuitBreakers, bulkheads, meters)));
		return policies;
	}

	/**
	 * @param name the policy's name
	 * @param client its settings
	 * @param circuitBreakers where its circuit breaker lives
	 * @param bulkheads where its bulkhead lives
	 * @param meters where its retry counter is registered, if anywhere
	 * @return the policy
	 */
	public static ClientPolicy create(String name, ClientPolicyProperties client, CircuitBreakerRegistry circuitBreakers,
			BulkheadRegistry bulkheads, @Nullable MeterRegistry meters) {
		{
			validate(name, client);
			CircuitBreaker circuitBreaker = client.getCircuitBreaker().isEnabled()
					? circuitBreakers.circuitBreaker(name, circuitBreakerConfig(client)) : null;
			if (circuitBreaker != null) {
				circuitBreaker.getEventPublisher()
					.onStateTransition((event) -> logger.warn("Circuit breaker '{}' changed from {} to {}", name,
							event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
			}
			Bulkhead bulkhead = client.getBulkhead().isEnabled()
					? bulkheads.bulkhead(name, BulkheadConfig.custom()
						.maxConcurrentCalls(client.getBulkhead().getMaxConcurrentCalls())
						.maxWaitDuration(client.getBulkhead().getMaxWait())
						.build())
					: null;
			Counter retries = (meters != null) ? Counter.builder("bulwark.resilience.retries")
				.description("Attempts repeated after a failure")
				.tag("name", name)
				.register(meters) : null;
			return new ClientPolicy(name, client, circuitBreaker, bulkhead, retries);
		}
	}

	private static CircuitBreakerConfig circuitBreakerConfig(ClientPolicyProperties client) {
		return circuitBreakerConfig(client.getCircuitBreaker());
	}

	/**
	 * @param properties a client's circuit-breaker properties
	 * @return the resilience4j configuration they describe (also used by the gRPC starter's channels)
	 */
	public static CircuitBreakerConfig circuitBreakerConfig(ClientPolicyProperties.CircuitBreaker properties) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.getSlidingWindowSize())
			.minimumNumberOfCalls(properties.getMinimumNumberOfCalls())
			.failureRateThreshold(properties.getFailureRateThreshold())
			.slowCallRateThreshold(properties.getSlowCallRateThreshold())
			.slowCallDurationThreshold(properties.getSlowCallDuration())
			.waitDurationInOpenState(properties.getWaitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(properties.getPermittedCallsInHalfOpenState())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.build();
	}

	private static void validate(String name, ClientPolicyProperties client) {
		String prefix = "bulwark.resilience.clients." + name + ".";
		require(client.getRetry().getMaxAttempts() >= 1, prefix + "retry.max-attempts",
				client.getRetry().getMaxAttempts(), "at least one attempt is needed");
		require(client.getRetry().getMultiplier() >= 1, prefix + "retry.multiplier", client.getRetry().getMultiplier(),
				"the backoff may not shrink");
		require(client.getDeadline().isPositive(), prefix + "deadline", client.getDeadline(),
				"the deadline must be positive");
		require(client.getReadTimeout().isPositive(), prefix + "read-timeout", client.getReadTimeout(),
				"the read timeout must be positive");
		float failureRate = client.getCircuitBreaker().getFailureRateThreshold();
		require(failureRate > 0 && failureRate <= 100, prefix + "circuit-breaker.failure-rate-threshold", failureRate,
				"a percentage above 0 and at most 100 is needed");
		require(client.getBulkhead().getMaxConcurrentCalls() >= 1, prefix + "bulkhead.max-concurrent-calls",
				client.getBulkhead().getMaxConcurrentCalls(), "at least one concurrent call is needed");
	}

	private static void require(boolean valid, String property, Object value, String reason) {
		if (!valid) {
			throw new InvalidBulwarkPropertyException(property, value, reason,
					"Fix " + property + " in your configuration.");
		}
	}

}
