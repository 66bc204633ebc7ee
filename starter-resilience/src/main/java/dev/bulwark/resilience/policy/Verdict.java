package dev.bulwark.resilience.policy;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What an attempt's result means to the policies.
 *
 * @param failure whether it counts as a failure for the circuit breaker
 * @param retryable whether another attempt may succeed
 * @param retryAfter how long the dependency asked to wait before the next attempt, if it said
 */
public record Verdict(boolean failure, boolean retryable, @Nullable Duration retryAfter) {

	/**
	 * A successful result.
	 */
	public static final Verdict SUCCESS = new Verdict(false, false, null);

	/**
	 * A failed result that another attempt will not fix.
	 */
	public static final Verdict FAILURE = new Verdict(true, false, null);

	/**
	 * @param retryAfter the wait the dependency asked for, if any
	 * @return a failed result worth another attempt
	 */
	public static Verdict retryable(@Nullable Duration retryAfter) {
		return new Verdict(true, true, retryAfter);
	}

}
