package dev.bulwark.resilience.deadline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A call could not complete before its deadline: the dependency was too slow, or the caller's budget was spent.
 */
public class DeadlineExceededException extends RuntimeException {

	public DeadlineExceededException(String name, Duration budget, @Nullable Throwable cause) {
		super("Call to '" + name + "' exceeded its deadline of " + budget.toMillis() + "ms", cause);
	}

}
