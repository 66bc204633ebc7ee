package dev.bulwark.observability.metrics;

import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TagCardinalityGuardTests {

	@ParameterizedTest(name = "limit {0}, {1} distinct values -> {2} series, {3} limited")
	@CsvSource({ "3, 2, 2, 0", "3, 3, 3, 0", "3, 4, 4, 1", "3, 10, 4, 7", "1, 5, 2, 4" })
	void keepsAtMostTheLimitOfValuesPerTagAndCountsTheRest(int limit, int values, int expectedSeries,
			long expectedLimited) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TagCardinalityGuard guard = new TagCardinalityGuard(limit);
		registry.config().meterFilter(guard);
		guard.bindTo(registry);

		IntStream.range(0, values).forEach((i) -> Counter.builder("orders.placed")
			.tag("customer", "c-" + i)
			.tag("region", "eu")
			.register(registry)
			.increment());

		assertThat(registry.find("orders.placed").counters()).hasSize(expectedSeries);
		assertThat(registry.get(TagCardinalityGuard.LIMITED_METER).functionCounter().count())
			.isEqualTo(expectedLimited);
		if (expectedLimited > 0) {
			assertThat(registry.get("orders.placed").tag("customer", TagCardinalityGuard.OVERFLOW_VALUE).counter()
				.count()).isEqualTo(expectedLimited);
		}
		assertThat(registry.find("orders.placed").tag("region", "eu").counters()).hasSize(expectedSeries);
	}

	@ParameterizedTest(name = "values of other meters and tags are counted apart")
	@CsvSource({ "2" })
	void limitsApplyPerMeterAndTag(int limit) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new TagCardinalityGuard(limit));
		for (String meter : new String[] { "a", "b" }) {
			for (int i = 0; i < limit; i++) {
				registry.counter(meter, "k", "v" + i, "other", "w" + i);
			}
		}
		assertThat(registry.find("a").counters()).hasSize(limit);
		assertThat(registry.find("b").counters()).hasSize(limit);
		assertThat(registry.find("a").tag("k", TagCardinalityGuard.OVERFLOW_VALUE).counters()).isEmpty();
	}

}
