package dev.bulwark.observability.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Gives the named latency timers histogram buckets at the configured service level objectives, so that SLO
 * compliance can be computed from the scrape and each bucket can carry an exemplar.
 */
public class SloHistogramMeterFilter implements MeterFilter {

	private final Set<String> meters;

	private final double[] bucketsNanos;

	public SloHistogramMeterFilter(List<String> meters, List<Duration> slo) {
		this.meters = Set.copyOf(meters);
		this.bucketsNanos = slo.stream().sorted().mapToDouble(Duration::toNanos).toArray();
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (this.bucketsNanos.length == 0 || !this.meters.contains(id.getName())) {
			return config;
		}
		return DistributionStatisticConfig.builder().serviceLevelObjectives(this.bucketsNanos).build().merge(config);
	}

}
