package dev.bulwark.resilience.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets in this instance's memory, at most {@code maxClients} of them (the least recently used are dropped,
 * which only ever gives a forgotten client a full bucket again).
 */
public class InMemoryRateLimitStore implements RateLimitStore {

	private final Map<String, Bucket> buckets;

	public InMemoryRateLimitStore(int maxClients) {
		this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > maxClients;
			}
		};
	}

	@Override
	public Decision tryAcquire(String key, double requestsPerSecond, int burst) {
		long now = System.nanoTime();
		Bucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.computeIfAbsent(key, (k) -> new Bucket(burst, now));
		}
		synchronized (bucket) {
			double perNano = requestsPerSecond / 1e9;
			bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) * perNano);
			bucket.updatedNanos = now;
			boolean allowed = bucket.tokens >= 1;
			if (allowed) {
				bucket.tokens -= 1;
			}
			Duration retryAfter = allowed ? Duration.ZERO : Duration.ofNanos((long) ((1 - bucket.tokens) / perNano));
			Duration reset = Duration.ofNanos((long) ((burst - bucket.tokens) / perNano));
			return new Decision(allowed, (long) Math.floor(bucket.tokens), retryAfter, reset);
		}
	}

	private static final class Bucket {

		double tokens;

		long updatedNanos;

		Bucket(double tokens, long updatedNanos) {
			this.tokens = tokens;
			this.updatedNanos = updatedNanos;
		}

	}

}
