package dev.bulwark.sample.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bulwark.messaging.outbox.Outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides a placed order, once: confirms or cancels it and writes the matching event (OrderConfirmed,
 * OrderCancelled) in the same transaction. A decision on an order already decided changes nothing, so a saga that
 * runs again for a redelivered event cannot flip an outcome.
 */
@Component
public class OrderOutcomes {

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock = Clock.systemUTC();

	OrderOutcomes(JdbcTemplate jdbc, Outbox outbox, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	/**
	 * @param orderId the order
	 * @return whether it is placed and not yet decided
	 */
	public boolean isUndecided(long orderId) {
		return !this.jdbc
			.queryForList("SELECT status FROM purchase_order WHERE id = ? AND status = 'PLACED'", String.class, orderId)
			.isEmpty();
	}

	/**
	 * @param orderId the order
	 * @return whether this call confirmed it (false when it was already decided)
	 */
	public boolean confirm(long orderId) {
		return decide(orderId, PurchaseOrder.OrderStatus.CONFIRMED, null, "OrderConfirmed");
	}

	/**
	 * @param orderId the order
	 * @param reason why, for the customer
	 * @return whether this call cancelled it (false when it was already decided)
	 */
	public boolean cancel(long orderId, String reason) {
		return decide(orderId, PurchaseOrder.OrderStatus.CANCELLED, reason, "OrderCancelled");
	}

	private boolean decide(long orderId, PurchaseOrder.OrderStatus status, @Nullable String reason, String eventType) {
		Boolean decided = this.transactions.execute((transaction) -> {
			int updated = this.jdbc.update(
					"UPDATE purchase_order SET status = ?, status_reason = ? WHERE id = ? AND status = 'PLACED'",
					status.name(), reason, orderId);
			if (updated == 0) {
				return false;
			}
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("orderId", orderId);
			if (reason != null) {
				event.put("reason", reason);
			}
			event.put("occurredAt", Instant.now(this.clock));
			this.outbox.publish("order", String.valueOf(orderId), eventType, event);
			return true;
		});
		return Boolean.TRUE.equals(decided);
	}

}
