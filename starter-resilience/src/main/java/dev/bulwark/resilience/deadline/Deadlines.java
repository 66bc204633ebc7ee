package dev.bulwark.resilience.deadline;

import org.jspecify.annotations.Nullable;

/**
 * The deadline of the request the current thread works for, set by {@link DeadlineFilter} for the duration of an
 * inbound request (or by {@link #open(Deadline)} around any work).
 */
public final class Deadlines {

	private static final ThreadLocal<@Nullable Deadline> CURRENT = new ThreadLocal<>();

	private Deadlines() {
	}

	/**
	 * @return the current deadline, or {@code null} when the thread works for no deadline
	 */
	public static @Nullable Deadline current() {
		return CURRENT.get();
	}

	/**
	 * Makes {@code deadline} current until the returned scope is closed, restoring the previous one.
	 * @param deadline the deadline
	 * @return the scope to close
	 */
	public static Scope open(Deadline deadline) {
		Deadline previous = CURRENT.get();
		CURRENT.set(deadline);
		return () -> {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		};
	}

	/**
	 * Ends a deadline's scope.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
