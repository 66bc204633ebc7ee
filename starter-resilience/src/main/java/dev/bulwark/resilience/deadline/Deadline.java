package dev.bulwark.resilience.deadline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A point in time by which work must be done, on the monotonic clock.
 */
public final class Deadline {

	private final long expiresAtNanos;

	private Deadline(long expiresAtNanos) {
		this.expiresAtNanos = expiresAtNanos;
	}

	/**
	 * @param budget time from now
	 * @return the deadline that far from now
	 */
	public static Deadline after(Duration budget) {
		long now = System.nanoTime();
		long nanos = budget.toNanos();
		// saturate instead of overflowing for very long budgets
		return new Deadline((nanos > Long.MAX_VALUE - now) ? Long.MAX_VALUE : now + nanos);
	}

	/**
	 * @return the time left, negative once the deadline has passed
	 */
	public Duration remaining() {
		return Duration.ofNanos(this.expiresAtNanos - System.nanoTime());
	}

	/**
	 * @return whether the deadline has passed
	 */
	public boolean isExpired() {
		return this.expiresAtNanos - System.nanoTime() <= 0;
	}

	/**
	 * @param other another deadline, possibly {@code null}
	 * @return the earlier of the two
	 */
	public Deadline min(@Nullable Deadline other) {
		return (other != null && other.expiresAtNanos - this.expiresAtNanos < 0) ? other : this;
	}

	@Override
	public String toString() {
		return "Deadline in " + remaining().toMillis() + "ms";
	}

}
