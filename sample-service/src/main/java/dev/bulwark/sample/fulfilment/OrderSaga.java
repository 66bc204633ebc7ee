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
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * The fulfilment saga, orchestrated: for each OrderCreated event it reserves stock, then takes payment, then
 * confirms the order. A step that is refused (out of stock: 409; payment declined: 402) fails the saga: the steps
 * before it are compensated (the reservation released) and the order is cancelled with the reason.
 * <p>
 * Any other failure of a step (a 5xx, a timeout, an open circuit, a 409 with {@code Retry-After} from a duplicate
 * still running) leaves its outcome unknown: the step may have happened. The saga then neither compensates nor
 * decides; it throws, so that the event is delivered again and the saga runs again. That is safe: an order already
 * decided is skipped, and each downstream call carries an Idempotency-Key derived from the order, so a step that
 * did happen is answered again from the first response instead of acting twice. A compensation that fails throws
 * too, and is retried the same way.
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
		String refused = attempt("Stock could not be reserved", 409, () -> this.inventory.reserve(orderId, items));
		if (refused == null) {
			refused = attempt("Payment declined", 402,
					() -> this.payments.charge(orderId, orderCreated.path("customerId").asString(), items));
			if (refused != null) {
				this.inventory.release(orderId);
			}
		}
		if (refused == null) {
			logger.info("Order {} confirmed", orderId);
			this.outcomes.confirm(orderId);
		}
		else {
			logger.info("Order {} cancelled: {}", orderId, refused);
			this.outcomes.cancel(orderId, refused);
		}
	}

	/**
	 * Runs a step.
	 * @param reason what a refusal means
	 * @param refusal the status of a refusal
	 * @return the reason, when the step was refused; {@code null} when it succeeded
	 * @throws RuntimeException when the outcome is unknown
	 */
	private static @Nullable String attempt(String reason, int refusal, Runnable step) {
		try {
			step.run();
			return null;
		}
		catch (HttpClientErrorException ex) {
			boolean retryLater = ex.getResponseHeaders() != null
					&& ex.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER) != null;
			if (ex.getStatusCode().value() == refusal && !retryLater) {
				return reason + " (" + refusal + ")";
			}
			throw ex;
		}
	}

}
