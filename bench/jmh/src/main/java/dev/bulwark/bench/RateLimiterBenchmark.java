package dev.bulwark.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.bulwark.resilience.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.resilience.ratelimit.RateLimitStore;

/**
 * One decision of the in-memory rate limiter (token bucket per client), for a client that is allowed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateLimiterBenchmark {

	private final InMemoryRateLimitStore store = new InMemoryRateLimitStore(100_000);

	@Benchmark
	public RateLimitStore.Decision tryAcquire() {
		return this.store.tryAcquire("subject:alice", 1_000_000_000, 1_000_000_000);
	}

}
