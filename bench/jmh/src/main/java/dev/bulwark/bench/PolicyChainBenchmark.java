package dev.bulwark.bench;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;
import dev.bulwark.resilience.policy.ResilienceProperties;

/**
 * Per-call overhead of the full policy chain (bulkhead, circuit breaker, retry loop, deadline) around a call that
 * succeeds, against the bare call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyChainBenchmark {

	private ResiliencePolicies policies;

	private long counter;

	@Setup
	public void setUp() {
		ResilienceProperties properties = new ResilienceProperties();
		properties.getClients().put("dependency", new ClientPolicyProperties());
		this.policies = new ResiliencePolicies(ClientPolicyFactory.create(properties,
				CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), new SimpleMeterRegistry()));
	}

	private long work() {
		return ++this.counter;
	}

	@Benchmark
	public void bareCall(Blackhole blackhole) {
		blackhole.consume(work());
	}

	@Benchmark
	public void fullPolicyChain(Blackhole blackhole) {
		blackhole.consume(this.policies.call("dependency", this::work));
	}

}
