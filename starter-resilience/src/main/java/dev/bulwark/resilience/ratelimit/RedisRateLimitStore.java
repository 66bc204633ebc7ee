package dev.bulwark.resilience.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets in Redis, shared by every instance: one Lua script per request takes a token atomically, on Redis's
 * own clock, so instances with skewed clocks still agree. When Redis cannot be reached the request is let through
 * (and logged, once a minute at most): a rate limiter that is down must not take the service down with it.
 */
public class RedisRateLimitStore implements RateLimitStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisRateLimitStore.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOKEN_BUCKET = RedisScript.of("""
			local rate = tonumber(ARGV[1])
			local burst = tonumber(ARGV[2])
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
			local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
			local tokens = tonumber(state[1]) or burst
			local at = tonumber(state[2]) or now
			tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000000)
			local allowed = 0
			if tokens >= 1 then
			  tokens = tokens - 1
			  allowed = 1
			end
			redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
			redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
			local retry = 0
			if allowed == 0 then
			  retry = math.ceil((1 - tokens) / rate * 1000)
			end
			return {allowed, math.floor(tokens), retry, math.ceil((burst - tokens) / rate * 1000)}
			""", List.class);

	private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final StringRedisTemplate redis;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS - 1);

	private final String prefix;

	public RedisRateLimitStore(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public Decision tryAcquire(String key, double requestsPerSecond, int burst) {
		try {
			List<?> result = this.redis.execute(TOKEN_BUCKET, List.of(this.prefix + key),
					Double.toString(requestsPerSecond), Integer.toString(burst));
			return new Decision(number(result, 0) == 1, number(result, 1), Duration.ofMillis(number(result, 2)),
					Duration.ofMillis(number(result, 3)));
		}
		catch (RuntimeException ex) {
			long now = System.nanoTime();
			long last = this.lastWarning.get();
			if (now - last > WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
				logger.warn("Rate limit store unreachable, letting requests through: {}", ex.toString());
			}
			return new Decision(true, burst, Duration.ZERO, Duration.ZERO);
		}
	}

	private static long number(List<?> result, int index) {
		return ((Number) result.get(index)).longValue();
	}

}
