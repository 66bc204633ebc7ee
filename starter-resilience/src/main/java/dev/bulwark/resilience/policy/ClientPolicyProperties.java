package dev.bulwark.resilience.policy;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The policies of one named dependency. Defaults are safe for a typical HTTP dependency.
 */
public class ClientPolicyProperties {

	/**
	 * Base URL of the dependency, for the named RestClient.
	 */
	private @Nullable URI baseUrl;

	/**
	 * SSL bundle (spring.ssl.bundle.*) with the client certificate to present and the certificates to trust, for
	 * mutual TLS. A bundle with reload-on-update is picked up again when its files change.
	 */
	private @Nullable String sslBundle;

	/**
	 * Time to establish a connection.
	 */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * Longest time one attempt may take to receive the whole response, capped by the remaining deadline.
	 */
	private Duration readTimeout = Duration.ofSeconds(5);

	/**
	 * Overall time budget of one call, retries and backoff included. Capped by the inbound request's remaining
	 * deadline, when there is one.
	 */
	private Duration deadline = Duration.ofSeconds(10);

	/**
	 * Retry policy.
	 */
	private final Retry retry = new Retry();

	/**
	 * Circuit breaker policy.
	 */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/**
	 * Bulkhead policy.
	 */
	private final Bulkhead bulkhead = new Bulkhead();

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	/**
	 * Retries with exponential backoff and full jitter, for idempotent requests only.
	 */
	public static class Retry {

		/**
		 * Whether failed attempts are retried.
		 */
		private boolean enabled = true;

		/**
		 * Most attempts per call, the first included.
		 */
		private int maxAttempts = 3;

		/**
		 * Upper bound of the first backoff; each later bound doubles (by the multiplier), and the actual wait is
		 * drawn uniformly between zero and the bound (full jitter).
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Largest backoff bound.
		 */
		private Duration maxBackoff = Duration.ofSeconds(2);

		/**
		 * Growth of the backoff bound per attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest Retry-After (from a 429 or 503) that is honoured; a longer one ends the retries.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * A resilience4j circuit breaker over a count-based sliding window of calls (each call counted once, after its
	 * retries).
	 */
	public static class CircuitBreaker {

		/**
		 * Whether calls go through a circuit breaker.
		 */
		private boolean enabled = true;

		/**
		 * Percentage of failed calls in the window at which the circuit opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Percentage of slow calls in the window at which the circuit opens.
		 */
		private float slowCallRateThreshold = 100;

		/**
		 * Duration above which a call counts as slow.
		 */
		private Duration slowCallDuration = Duration.ofSeconds(5);

		/**
		 * Number of most recent calls the rates are computed over.
		 */
		private int slidingWindowSize = 20;

		/**
		 * Fewest calls in the window before the rates are looked at.
		 */
		private int minimumNumberOfCalls = 10;

		/**
		 * How long the circuit stays open before it lets trial calls through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(10);

		/**
		 * Number of trial calls in the half-open state.
		 */
		private int permittedCallsInHalfOpenState = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public Duration getSlowCallDuration() {
			return this.slowCallDuration;
		}

		public void setSlowCallDuration(Duration slowCallDuration) {
			this.slowCallDuration = slowCallDuration;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

	}

	/**
	 * A resilience4j semaphore bulkhead: a cap on concurrent calls, on the caller's own thread.
	 */
	public static class Bulkhead {

		/**
		 * Whether concurrent calls are capped.
		 */
		private boolean enabled = true;

		/**
		 * Most calls in flight at once.
		 */
		private int maxConcurrentCalls = 25;

		/**
		 * How long a call may wait for a free slot before it is refused.
		 */
		private Duration maxWait = Duration.ZERO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

}
