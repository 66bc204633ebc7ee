package dev.bulwark.messaging.outbox;

import org.jspecify.annotations.Nullable;

/**
 * The broker was reached and refused this event (it is unroutable, too large, or its subject is invalid), so the
 * failure is the event's, not the broker's: it counts as an attempt even when no other event was delivered, and a
 * permanent refusal abandons the event at once.
 */
public class EventRefusedException extends RuntimeException {

	private final boolean permanent;

	/**
	 * @param message why
	 * @param permanent whether sending it again can never succeed
	 * @param cause the broker client's error, if any
	 */
	public EventRefusedException(String message, boolean permanent, @Nullable Throwable cause) {
		super(message, cause);
		this.permanent = permanent;
	}

	/**
	 * @return whether sending it again can never succeed
	 */
	public boolean isPermanent() {
		return this.permanent;
	}

}
