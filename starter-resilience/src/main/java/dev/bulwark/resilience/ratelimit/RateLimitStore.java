package dev.bulwark.resilience.ratelimit;

import java.time.Duration;

/**
 * Token buckets, one per client and rule.
 */
public interface RateLimitStore {

	/**
	 * Takes one token from the bucket of {@code key}, if it has one.
	 * @param key the client and rule
	 * @param requestsPerSecond the refill rate
	 * @param burst the bucket's size
	 * @return the decision
	 */
	Decision tryAcquire(String key, double requestsPerSecond, int burst);

	/**
	 * The outcome of one request against its bucket.
	 *
	 * @param allowed whether the request may proceed
	 * @param remaining tokens left after it
	 * @param retryAfter when a refused request may try again
	 * @param reset when the bucket is full again
	 */
	record Decision(boolean allowed, long remaining, Duration retryAfter, Duration reset) {
	}

}
