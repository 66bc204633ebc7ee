package dev.bulwark.messaging.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each event once per consumer: the event id is recorded in {@code bulwark_inbox} in the same transaction
 * as the consumer's effect, so a redelivered message (the broker's at-least-once, or the outbox relay's) finds its
 * id there and is skipped, and an effect that fails leaves no record, so the redelivery applies it.
 */
public class Inbox {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public Inbox(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Runs {@code effect} in a transaction, unless this consumer already applied the event.
	 * @param <T> the effect's result
	 * @param consumer the consumer's name
	 * @param eventId the event's id (the outbox's {@code event-id} header)
	 * @param effect what the event does
	 * @return the effect's result, or {@code null} for an event already applied
	 */
	public <T> @Nullable T receive(String consumer, String eventId, Supplier<T> effect) {
		return this.transactions.execute((status) -> {
			try {
				this.jdbc.update("INSERT INTO bulwark_inbox (consumer, event_id, received_at) VALUES (?, ?, ?)",
						consumer, eventId, Timestamp.from(Instant.now()));
			}
			catch (DuplicateKeyException alreadyApplied) {
				return null;
			}
			return effect.get();
		});
	}

	/**
	 * Runs {@code effect} in a transaction, unless this consumer already applied the event.
	 * @param consumer the consumer's name
	 * @param eventId the event's id
	 * @param effect what the event does
	 * @return whether the effect ran (false for an event already applied)
	 */
	public boolean receive(String consumer, String eventId, Runnable effect) {
		Boolean applied = receive(consumer, eventId, () -> {
			effect.run();
			return Boolean.TRUE;
		});
		return applied != null;
	}

}
