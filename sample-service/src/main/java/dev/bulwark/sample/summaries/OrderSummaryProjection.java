package dev.bulwark.sample.summaries;

import java.sql.Timestamp;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.messaging.outbox.OutboxEvent;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code order_summary} table up to date from the order events. Each event goes through the inbox, so a
 * redelivered event changes nothing; an aggregate's events arrive in order (the outbox keeps it), so a summary only
 * moves forward.
 */
@Component
public class OrderSummaryProjection {

	static final String CONSUMER = "order-summaries";

	private final Inbox inbox;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	OrderSummaryProjection(Inbox inbox, JdbcTemplate jdbc, JsonMapper json) {
		this.inbox = inbox;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Applies events the outbox delivers in this process (transport {@code in-memory}). With a broker, call
	 * {@link #apply} from its listener instead.
	 * @param event an outbox event
	 */
	@EventListener(condition = "#event.aggregateType == 'order'")
	public void on(OutboxEvent event) {
		apply(event.eventId(), event.eventType(), event.payload());
	}

	/**
	 * A decision that arrives before its order (a broker that does not keep the order of one aggregate's events,
	 * such as a RabbitMQ requeue): rejected, so that the inbox does not record it and it is applied when redelivered.
	 */
	private static void requireSummary(long orderId, int updated) {
		if (updated == 0) {
			throw new IllegalStateException("Order " + orderId + " is not in the read model yet");
		}
	}

	/**
	 * Applies one order event, once.
	 * @param eventId the event's id
	 * @param eventType OrderCreated, OrderConfirmed or OrderCancelled; others are ignored
	 * @param payload the event as JSON
	 * @return whether it changed the read model (false for a redelivery)
	 */
	public boolean apply(String eventId, String eventType, String payload) {
		JsonNode event = this.json.readTree(payload);
		long orderId = event.path("orderId").asLong();
		Timestamp occurredAt = Timestamp.from(Instant.parse(event.path("occurredAt").asString()));
		return this.inbox.receive(CONSUMER, eventId, () -> {
			switch (eventType) {
				case "OrderCreated" -> {
					int itemCount = event.path("items").valueStream().mapToInt((item) -> item.path("quantity").asInt()).sum();
					this.jdbc.update("INSERT INTO order_summary (order_id, customer_id, status, item_count, placed_at, as_of)"
							+ " VALUES (?, ?, 'PLACED', ?, ?, ?)", orderId, event.path("customerId").asString(), itemCount,
							occurredAt, occurredAt);
				}
				case "OrderConfirmed" -> requireSummary(orderId, this.jdbc.update(
						"UPDATE order_summary SET status = 'CONFIRMED', as_of = ? WHERE order_id = ?", occurredAt, orderId));
				case "OrderCancelled" -> requireSummary(orderId, this.jdbc.update(
						"UPDATE order_summary SET status = 'CANCELLED', status_reason = ?, as_of = ? WHERE order_id = ?",
						event.path("reason").asString(), occurredAt, orderId));
				default -> {
				}
			}
		});
	}

}
