package dev.bulwark.bench;

import java.util.List;
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

import dev.bulwark.core.web.AntPathSet;

import org.springframework.util.AntPathMatcher;

/**
 * The check of an application path against the adaptive limiter's default excluded paths, which every request
 * makes (the access log and the rate limiter make the same kind): each pattern through Spring's
 * {@link AntPathMatcher}, and through {@link AntPathSet}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PathPatternsBenchmark {

	private static final List<String> EXCLUDED = List.of("/health", "/ready", "/metrics", "/actuator/**");

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final AntPathSet set = AntPathSet.of(EXCLUDED);

	private String path = "/api/orders/42";

	@Benchmark
	public boolean antPathMatcher() {
		for (String pattern : EXCLUDED) {
			if (this.matcher.match(pattern, this.path)) {
				return true;
			}
		}
		return false;
	}

	@Benchmark
	public boolean antPathSet() {
		return this.set.matches(this.path);
	}

}
