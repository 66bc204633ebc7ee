package dev.bulwark.resilience.cloud;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import dev.bulwark.resilience.ResilienceAutoConfiguration;
import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;
import dev.bulwark.resilience.policy.ResilienceProperties;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class BulwarkCircuitBreakerFactoryTests {

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	@Test
	void runsOnTheCallersThreadSoTheContextArrives() {
		CircuitBreaker circuitBreaker = factory().create("inventory");
		MDC.put("correlationId", "ctx-7");
		try {
			String seen = circuitBreaker.run(() -> Thread.currentThread().getName() + "/" + MDC.get("correlationId"));
			assertThat(seen).isEqualTo(Thread.currentThread().getName() + "/ctx-7");
		}
		finally {
			MDC.remove("correlationId");
		}
	}

	@Test
	void namedPolicySharesItsCircuitWithTheNamedClientAndFallsBackWhenOpen() {
		CircuitBreaker circuitBreaker = factory().create("inventory");
		for (int i = 0; i < 4; i++) {
			assertThat(circuitBreaker.<String>run(() -> {
				throw new IllegalStateException("down");
			}, (failure) -> "fallback")).isEqualTo("fallback");
		}
		assertThat(this.circuitBreakers.circuitBreaker("inventory").getState())
			.isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
		assertThat(circuitBreaker.run(() -> "called", (failure) -> failure.getClass().getSimpleName()))
			.isEqualTo(CallNotPermittedException.class.getSimpleName());
	}

	@Test
	void otherIdsGetDefaultPolicies() {
		assertThat(factory().create("anything-else").run(() -> "ok")).isEqualTo("ok");
		assertThat(this.circuitBreakers.find("anything-else")).isPresent();
	}

	@Test
	void isTheApplicationsCircuitBreakerFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(CircuitBreakerFactory.class))
				.isInstanceOf(BulwarkCircuitBreakerFactory.class));
	}

	private BulwarkCircuitBreakerFactory factory() {
		ClientPolicyProperties inventory = new ClientPolicyProperties();
		inventory.getCircuitBreaker().setMinimumNumberOfCalls(4);
		inventory.getCircuitBreaker().setSlidingWindowSize(4);
		inventory.getCircuitBreaker().setWaitDurationInOpenState(Duration.ofMinutes(1));
		ResilienceProperties properties = new ResilienceProperties();
		properties.getClients().put("inventory", inventory);
		BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
		return new BulwarkCircuitBreakerFactory(
				new ResiliencePolicies(ClientPolicyFactory.create(properties, this.circuitBreakers, bulkheads, null)),
				this.circuitBreakers, bulkheads, null);
	}

}
