package dev.bulwark.sample.fulfilment;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.outbox.OutboxEvent;
import dev.bulwark.sample.inventory.InventoryClient;
import dev.bulwark.sample.orders.OrderOutcomes;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * The fulfilment saga, orchestrated: for each OrderCreated event it reserves stock, then takes payment, then
 * confirms the order. When a step fails, the steps before it are compensated (the reservation released) and the
 * order is cancelled with the reason.
 * <p>
 * It is safe to run again for the same event, as at-least-once delivery will: an order already decided is skipped,
 * and each downstream call carries an Idempotency-Key derived from the order, so a step repeated after a crash acts
 * once. A compensation that fails (the inventory service is down) throws, so the event is delivered again and the
 * compensation retried.
 */
@Component
public class OrderSaga {

	private static final Logger logger = LoggerFactory.getLogger(OrderSaga.class);

	private final InventoryClient inventory;

	private final PaymentsClient payments;

	private final OrderOutcomes outcomes;

	private final JsonMapper json;

	OrderSaga(InventoryClient inventory, PaymentsClient payments, OrderOutcomes outcomes, JsonMapper json) {
		this.inventory = inventory;
		this.payments = payments;
		this.outcomes = outcomes;
		this.json = json;
	}

	/**
	 * Runs the saga for events the outbox delivers in this process (transport {@code in-memory}). With a broker,
	 * call {@link #fulfil} from its listener instead.
	 * @param event an outbox event
	 */
	@EventListener(condition = "#event.eventType == 'OrderCreated'")
	public void onOrderCreated(OutboxEvent event) {
		fulfil(this.json.readTree(event.payload()));
	}

	/**
	 * Fulfils one placed order.
	 * @param orderCreated the OrderCreated event's payload
	 */
	public void fulfil(JsonNode orderCreated) {
		long orderId = orderCreated.path("orderId").asLong();
		if (!this.outcomes.isUndecided(orderId)) {
			return;
		}
		JsonNode items = orderCreated.path("items");
		String refused = attempt("Stock could not be reserved", "Inventory service unavailable",
				() -> this.inventory.reserve(orderId, items), () -> this.inventory.release(orderId));
		if (refused == null) {
			refused = attempt("Payment declined", "Payment service unavailable",
					() -> this.payments.charge(orderId, orderCreated.path("customerId").asString(), items),
					() -> this.payments.refund(orderId));
			if (refused != null) {
				// compensation of the reservation; if it fails, the event is delivered again and this is retried
				this.inventory.release(orderId);
			}
		}
		if (refused == null) {
			this.outcomes.confirm(orderId);
		}
		else {
			logger.info("Order {} cancelled: {}", orderId, refused);
			this.outcomes.cancel(orderId, refused);
		}
	}

	/**
	 * Runs a step. A refusal (4xx) means it did not happen. Any other failure (5xx, timeout, open circuit) leaves
	 * the outcome unknown, since the step may have happened before the answer was lost: it is undone, best effort.
	 * @return why the step failed, or {@code null} when it succeeded
	 */
	private static @Nullable String attempt(String refused, String unavailable, Runnable step, Runnable undo) {
		try {
			step.run();
			return null;
		}
		catch (HttpClientErrorException ex) {
			return refused + " (" + ex.getStatusCode().value() + ")";
		}
		catch (RuntimeException ex) {
			try {
				undo.run();
			}
			catch (RuntimeException undoFailed) {
				logger.warn("Could not undo a step whose outcome is unknown: {}", undoFailed.toString());
			}
			return unavailable;
		}
	}

}
