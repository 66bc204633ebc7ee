package dev.bulwark.resilience.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets in Redis, shared by every instance: one Lua script per request takes a token atomically, on Redis's
 * own clock, so instances with skewed clocks still agree. When Redis cannot be reached the request is let through
 * (and logged, once a minute at most): a rate limiter that is down must not take the service down with it. A
 * circuit breaker around the calls stops asking a Redis that fails or hangs: while it is open, requests are let
 * through at once instead of each waiting for the command timeout ({@code spring.data.redis.timeout}, 250 ms by
 * Bulwark's default). Every request let through this way is counted ({@link #failOpenCount}).
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

	private final CircuitBreaker breaker;

	private final LongAdder failOpen = new LongAdder();

	public RedisRateLimitStore(StringRedisTemplate redis, String prefix) {
		this(redis, prefix, CircuitBreaker.of("rate-limit-store", CircuitBreakerConfig.custom()
			.slidingWindowSize(20)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(5))
			.permittedNumberOfCallsInHalfOpenState(2)
			.build()));
	}

	/**
	 * @param redis the connection
	 * @param prefix of the bucket keys
	 * @param breaker the circuit breaker the calls go through
	 */
	public RedisRateLimitStore(StringRedisTemplate redis, String prefix, CircuitBreaker breaker) {
		this.redis = redis;
		this.prefix = prefix;
		this.breaker = breaker;
	}

	@Override
	public Decision tryAcquire(String key, double requestsPerSecond, int burst) {
		if (!this.breaker.tryAcquirePermission()) {
			return letThrough(burst, null);
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			List<?> result = this.redis.execute(TOKEN_BUCKET, List.of(this.prefix + key),
					Double.toString(requestsPerSecond), Integer.toString(burst));
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			return new Decision(number(result, 0) == 1, number(result, 1), Duration.ofMillis(number(result, 2)),
					Duration.ofMillis(number(result, 3)));
		}
		catch (RuntimeException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			return letThrough(burst, ex);
		}
	}

	/**
	 * @return how many requests were let through because Redis failed, hung or its breaker was open
	 */
	public long failOpenCount() {
		return this.failOpen.sum();
	}

	/**
	 * @return the circuit breaker in front of Redis
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.breaker;
	}

	private Decision letThrough(int burst, @Nullable RuntimeException failure) {
		this.failOpen.increment();
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last > WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("Rate limit store unreachable, letting requests through: {}",
					(failure != null) ? failure.toString() : "its circuit breaker is open");
		}
		return new Decision(true, burst, Duration.ZERO, Duration.ZERO);
	}

	private static long number(List<?> result, int index) {
		return ((Number) result.get(index)).longValue();
	}

}
