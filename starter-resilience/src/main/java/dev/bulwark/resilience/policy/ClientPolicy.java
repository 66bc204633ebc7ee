package dev.bulwark.resilience.policy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;

import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.DeadlineExceededException;
import dev.bulwark.resilience.deadline.Deadlines;

/**
 * The policies of one named dependency, applied in this order around every call:
 * <ol>
 * <li><b>bulkhead</b> (outermost): a call that cannot get a slot is refused before it costs anything else;</li>
 * <li><b>circuit breaker</b>: records one outcome per call, after its retries, so retries do not inflate the
 * failure rate, and an open circuit stops the retries too;</li>
 * <li><b>retry</b> with exponential backoff and full jitter, within the call's total budget;</li>
 * <li><b>deadline</b> (innermost): each attempt gets at most what is left of the call's budget, itself capped by the
 * inbound request's deadline.</li>
 * </ol>
 * Everything runs on the caller's thread: MDC, trace and security context stay where they are.
 */
public final class ClientPolicy {

	private final String name;

	private final ClientPolicyProperties properties;

	private final @Nullable CircuitBreaker circuitBreaker;

	private final @Nullable Bulkhead bulkhead;

	private final Backoff backoff;

	private final @Nullable Counter retries;

	public ClientPolicy(String name, ClientPolicyProperties properties, @Nullable CircuitBreaker circuitBreaker,
			@Nullable Bulkhead bulkhead, @Nullable Counter retries) {
		this.name = name;
		this.properties = properties;
		this.circuitBreaker = circuitBreaker;
		this.bulkhead = bulkhead;
		this.retries = retries;
		ClientPolicyProperties.Retry retry = properties.getRetry();
		this.backoff = new Backoff(retry.getInitialBackoff(), retry.getMaxBackoff(), retry.getMultiplier());
	}

	public String getName() {
		return this.name;
	}

	public ClientPolicyProperties getProperties() {
		return this.properties;
	}

	public @Nullable CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public @Nullable Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	/**
	 * One attempt of a call.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	public interface Attempt<T> {

		/**
		 * @param number the attempt number, from 1
		 * @param budget the time this attempt may take
		 * @return the result
		 * @throws Exception if the attempt fails
		 */
		T run(int number, Duration budget) throws Exception;

	}

	/**
	 * Runs a call under the policies.
	 * @param <T> the result type
	 * @param retryAllowed whether the call may be repeated (idempotent)
	 * @param attempt one attempt
	 * @param outcomes how results and failures are judged
	 * @return the result of the last attempt
	 * @throws Exception the last attempt's failure, {@link DeadlineExceededException} when the budget ran out, or
	 * resilience4j's {@code CallNotPermittedException} or {@code BulkheadFullException} when refused
	 */
	public <T> T execute(boolean retryAllowed, Attempt<T> attempt, CallOutcomes<T> outcomes) throws Exception {
		Deadline deadline = Deadline.after(this.properties.getDeadline()).min(Deadlines.current());
		if (this.bulkhead != null) {
			this.bulkhead.acquirePermission();
		}
		try {
			if (this.circuitBreaker == null) {
				return retrying(retryAllowed, attempt, outcomes, deadline);
			}
			this.circuitBreaker.acquirePermission();
			long start = this.circuitBreaker.getCurrentTimestamp();
			T result;
			try {
				result = retrying(retryAllowed, attempt, outcomes, deadline);
			}
			catch (Exception ex) {
				this.circuitBreaker.onError(this.circuitBreaker.getCurrentTimestamp() - start,
						this.circuitBreaker.getTimestampUnit(), ex);
				throw ex;
			}
			long duration = this.circuitBreaker.getCurrentTimestamp() - start;
			if (outcomes.classify(result).failure()) {
				this.circuitBreaker.onError(duration, this.circuitBreaker.getTimestampUnit(),
						new FailedResultException("failed result from " + this.name));
			}
			else {
				this.circuitBreaker.onSuccess(duration, this.circuitBreaker.getTimestampUnit());
			}
			return result;
		}
		finally {
			if (this.bulkhead != null) {
				this.bulkhead.onComplete();
			}
		}
	}

	private <T> T retrying(boolean retryAllowed, Attempt<T> attempt, CallOutcomes<T> outcomes, Deadline deadline)
			throws Exception {
		int maxAttempts = maxAttempts(retryAllowed);
		for (int number = 1;; number++) {
			Duration remaining = deadline.remaining();
			if (remaining.isNegative() || remaining.isZero()) {
				throw new DeadlineExceededException(this.name, this.properties.getDeadline(), null);
			}
			T result;
			try {
				result = attempt.run(number, remaining);
			}
			catch (Exception ex) {
				if (deadline.isExpired()) {
					throw new DeadlineExceededException(this.name, this.properties.getDeadline(), ex);
				}
				if (number >= maxAttempts || !outcomes.isRetryable(ex)) {
					throw ex;
				}
				Duration wait = waitBefore(number, null);
				if (wait.compareTo(deadline.remaining()) >= 0) {
					throw ex;
				}
				sleep(wait);
				continue;
			}
			Verdict verdict = outcomes.classify(result);
			if (!verdict.retryable() || number >= maxAttempts || !worthWaiting(verdict.retryAfter())) {
				return result;
			}
			Duration wait = waitBefore(number, verdict.retryAfter());
			if (wait.compareTo(deadline.remaining()) >= 0) {
				return result;
			}
			outcomes.discard(result);
			sleep(wait);
		}
	}

	/**
	 * @param retryAllowed whether the call may be repeated
	 * @return how many attempts a call may make
	 */
	public int maxAttempts(boolean retryAllowed) {
		ClientPolicyProperties.Retry retry = this.properties.getRetry();
		return (retryAllowed && retry.isEnabled()) ? Math.max(1, retry.getMaxAttempts()) : 1;
	}

	/**
	 * The wait before the next attempt, counted as a retry. For callers that run attempts themselves, such as the
	 * reactive client filter.
	 * @param failedAttempt the number of the attempt that failed, from 1
	 * @param retryAfter the wait the dependency asked for, if any
	 * @return the wait, or {@code null} when the dependency asked for longer than the policy honours
	 */
	public @Nullable Duration nextRetryDelay(int failedAttempt, @Nullable Duration retryAfter) {
		if (!worthWaiting(retryAfter)) {
			return null;
		}
		if (this.retries != null) {
			this.retries.increment();
		}
		return waitBefore(failedAttempt, retryAfter);
	}

	private boolean worthWaiting(@Nullable Duration retryAfter) {
		return retryAfter == null || retryAfter.compareTo(this.properties.getRetry().getMaxRetryAfter()) <= 0;
	}

	private Duration waitBefore(int failedAttempt, @Nullable Duration retryAfter) {
		return (retryAfter != null) ? retryAfter : this.backoff.delay(failedAttempt, ThreadLocalRandom.current());
	}

	private void sleep(Duration wait) throws InterruptedException {
		if (this.retries != null) {
			this.retries.increment();
		}
		TimeUnit.NANOSECONDS.sleep(wait.toNanos());
	}

}
