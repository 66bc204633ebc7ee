package dev.bulwark.resilience.policy;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How the policies judge the results and failures of attempts of one kind of call.
 *
 * @param <T> the result type
 */
public interface CallOutcomes<T> {

	/**
	 * @param result an attempt's result
	 * @return what it means
	 */
	Verdict classify(T result);

	/**
	 * @param failure an attempt's exception
	 * @return whether another attempt may succeed
	 */
	default boolean isRetryable(Throwable failure) {
		return failure instanceof IOException || failure instanceof UncheckedIOException
				|| failure.getCause() instanceof IOException;
	}

	/**
	 * Releases a result that is dropped for a retry, such as an HTTP response.
	 * @param result the result
	 */
	default void discard(T result) {
	}

	/**
	 * Outcomes of plain code: any result is a success; I/O failures are worth retrying.
	 * @param <T> the result type
	 * @return the outcomes
	 */
	static <T> CallOutcomes<T> exceptionsOnly() {
		return (result) -> Verdict.SUCCESS;
	}

}
