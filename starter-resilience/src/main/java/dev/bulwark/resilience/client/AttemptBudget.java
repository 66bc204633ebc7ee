package dev.bulwark.resilience.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Hands the time an attempt may take from {@link ResilientRequestInterceptor} to {@link DeadlineAwareRequestFactory},
 * which creates the attempt's request on the same thread.
 */
final class AttemptBudget {

	private static final ThreadLocal<@Nullable Duration> CURRENT = new ThreadLocal<>();

	private AttemptBudget() {
	}

	static @Nullable Duration current() {
		return CURRENT.get();
	}

	static void set(Duration budget) {
		CURRENT.set(budget);
	}

	static void clear() {
		CURRENT.remove();
	}

}
