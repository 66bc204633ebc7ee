package dev.bulwark.messaging.idempotency;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Ties an Idempotency-Key to the effect of its request: when a transaction the request runs commits, the key is
 * marked as having taken effect in that very transaction, so a retry never runs the request again, even if the
 * request then fails (a 5xx after the commit) or its process dies before the response is stored. Boot registers
 * {@link TransactionExecutionListener} beans with the transaction manager it configures; with a transaction manager
 * of your own, add this listener to it.
 */
public class IdempotencyKeyTransactions implements TransactionExecutionListener {

	private final ThreadLocal<@Nullable Active> active = new ThreadLocal<>();

	private final IdempotencyStore store;

	public IdempotencyKeyTransactions(IdempotencyStore store) {
		this.store = store;
	}

	/**
	 * The request on this thread runs under this key from now.
	 * @param key the stored key
	 * @param ttl how long the key is remembered once its request took effect
	 */
	void begin(String key, Duration ttl) {
		this.active.set(new Active(key, ttl));
	}

	/**
	 * The request on this thread is done.
	 * @return whether a transaction of the request committed
	 */
	boolean end() {
		Active ended = this.active.get();
		this.active.remove();
		return ended != null && ended.committed;
	}

	@Override
	public void beforeCommit(TransactionExecution transaction) {
		Active current = this.active.get();
		if (current != null && !current.committed && transaction.isNewTransaction() && !transaction.isReadOnly()) {
			// in the committing transaction: the mark and the effect commit together, or neither does
			this.store.markCommitted(current.key, current.ttl);
			current.marking = true;
		}
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		Active current = this.active.get();
		if (current != null && current.marking) {
			current.marking = false;
			current.committed = commitFailure == null;
		}
	}

	@Override
	public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
		Active current = this.active.get();
		if (current != null) {
			current.marking = false;
		}
	}

	private static final class Active {

		final String key;

		final Duration ttl;

		boolean marking;

		boolean committed;

		Active(String key, Duration ttl) {
			this.key = key;
			this.ttl = ttl;
		}

	}

}
