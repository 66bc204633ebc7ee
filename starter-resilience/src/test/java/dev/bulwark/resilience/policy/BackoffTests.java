package dev.bulwark.resilience.policy;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

	@ParameterizedTest(name = "retry {0}: wait within [0, {1}ms]")
	@CsvSource({ "1, 100", "2, 200", "3, 400", "4, 800", "5, 1600", "6, 2000", "20, 2000" })
	void delaysFallWithinTheFullJitterBounds(int retry, long boundMillis) {
		assertThat(this.backoff.bound(retry)).isEqualTo(Duration.ofMillis(boundMillis));
		SplittableRandom random = new SplittableRandom(42);
		long smallest = Long.MAX_VALUE;
		long largest = 0;
		for (int i = 0; i < 2_000; i++) {
			long delay = this.backoff.delay(retry, random).toNanos();
			assertThat(delay).isBetween(0L, Duration.ofMillis(boundMillis).toNanos());
			smallest = Math.min(smallest, delay);
			largest = Math.max(largest, delay);
		}
		// full jitter spreads the waits over the whole range, not around the bound
		assertThat(smallest).isLessThan(Duration.ofMillis(boundMillis).toNanos() / 10);
		assertThat(largest).isGreaterThan(Duration.ofMillis(boundMillis).toNanos() * 9 / 10);
	}

}
