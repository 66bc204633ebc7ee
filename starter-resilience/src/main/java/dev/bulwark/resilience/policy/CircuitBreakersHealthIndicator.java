package dev.bulwark.resilience.policy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The state of every circuit breaker, as details of an indicator that is always UP: an open circuit means a
 * dependency is failing, not that this instance should leave the load balancer, so it never fails readiness.
 */
public class CircuitBreakersHealthIndicator implements HealthIndicator {

	private final CircuitBreakerRegistry registry;

	public CircuitBreakersHealthIndicator(CircuitBreakerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		for (CircuitBreaker circuitBreaker : this.registry.getAllCircuitBreakers()) {
			health.withDetail(circuitBreaker.getName(), circuitBreaker.getState().name());
		}
		return health.build();
	}

}
