package dev.bulwark.resilience.policy;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1 for the first retry) the wait is drawn uniformly
 * from {@code [0, min(max, initial * multiplier^(n-1))]}, which spreads the retries of many callers apart.
 */
public final class Backoff {

	private final long initialNanos;

	private final long maxNanos;

	private final double multiplier;

	public Backoff(Duration initial, Duration max, double multiplier) {
		this.initialNanos = initial.toNanos();
		this.maxNanos = max.toNanos();
		this.multiplier = multiplier;
	}

	/**
	 * @param retry the retry number, from 1
	 * @return the upper bound of the wait before that retry
	 */
	public Duration bound(int retry) {
		double bound = this.initialNanos * Math.pow(this.multiplier, retry - 1);
		return Duration.ofNanos((long) Math.min(this.maxNanos, bound));
	}

	/**
	 * @param retry the retry number, from 1
	 * @param random the source of jitter
	 * @return the wait before that retry
	 */
	public Duration delay(int retry, RandomGenerator random) {
		long bound = bound(retry).toNanos();
		return Duration.ofNanos((bound > 0) ? random.nextLong(bound + 1) : 0);
	}

}
