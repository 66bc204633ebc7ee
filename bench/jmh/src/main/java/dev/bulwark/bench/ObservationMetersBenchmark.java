package dev.bulwark.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.bulwark.observability.metrics.CachingMeterObservationHandler;

/**
 * The meters of one observation shaped like an HTTP server request (five low-cardinality key values, the timer and
 * the long task timer) recorded in a Prometheus registry: by Micrometer's handler, which looks both meters up for
 * every observation, and by Bulwark's, which looks them up once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservationMetersBenchmark {

	private final ObservationRegistry micrometers = observations(false);

	private final ObservationRegistry cached = observations(true);

	@Benchmark
	public Observation micrometersHandler() {
		return observe(this.micrometers);
	}

	@Benchmark
	public Observation cachingHandler() {
		return observe(this.cached);
	}

	private static Observation observe(ObservationRegistry observations) {
		Observation observation = Observation.createNotStarted("http.server.requests", observations)
			.lowCardinalityKeyValue("method", "GET")
			.lowCardinalityKeyValue("uri", "/hello")
			.start();
		observation.lowCardinalityKeyValue("status", "200")
			.lowCardinalityKeyValue("outcome", "SUCCESS")
			.lowCardinalityKeyValue("exception", "none")
			.stop();
		return observation;
	}

	private static ObservationRegistry observations(boolean cached) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(cached ? new CachingMeterObservationHandler(registry, true)
					: new DefaultMeterObservationHandler(registry));
		return observations;
	}

}
