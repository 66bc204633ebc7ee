package dev.bulwark.sample.inventory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;

/**
 * The inventory service, through Bulwark's named client "inventory" (bulwark.resilience.clients.inventory): pooled,
 * with timeouts, deadline, retries, circuit breaker and bulkhead, and the correlation id and trace context on every
 * call.
 */
@Component
@EnableConfigurationProperties(InventoryProperties.class)
public class InventoryClient {

	private final RestClient client;

	private final boolean enabled;

	private final Map<String, Integer> lastKnownStock = new ConcurrentHashMap<>();

	// tag::client[]
	public InventoryClient(@Qualifier("inventory") RestClient client, InventoryProperties properties) {
		this.client = client;
		this.enabled = properties.getBaseUrl() != null;
	}
	// end::client[]

	/**
	 * Refuses, with 409 Conflict as a problem, a quantity the inventory service cannot supply. Does nothing when no
	 * inventory service is configured. When the inventory service is down the order is refused as a problem (503,
	 * or 504 when out of time): placing orders needs a real answer.
	 * @param sku the product
	 * @param quantity how many are wanted
	 */
	public void requireInStock(String sku, int quantity) {
		if (this.enabled && stock(sku) < quantity) {
			throw new ErrorResponseException(HttpStatus.CONFLICT,
					ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Not enough stock of " + sku + "."), null);
		}
	}

	/**
	 * Availability for display, which may be degraded: when the inventory service fails, is out of time, or its
	 * circuit is open, the last known stock is shown instead, marked as such. The named client already applies the
	 * inventory policies, so the fallback is a plain catch (around other code, {@code ResiliencePolicies.call(name,
	 * call, fallback)} gives both).
	 * @param sku the product
	 * @return the availability
	 */
	// tag::availability[]
	public Availability availability(String sku) {
		if (!this.enabled) {
			return new Availability(sku, null, true);
		}
		try {
			return new Availability(sku, stock(sku), false);
		}
		catch (RuntimeException unavailable) {
			return new Availability(sku, this.lastKnownStock.get(sku), true);
		}
	}
	// end::availability[]

	/**
	 * Reserves stock for an order. Sent with the Idempotency-Key {@code order-<id>-reservation}, so a saga step run
	 * again for a redelivered event reserves once. Does nothing when no inventory service is configured.
	 * @param orderId the order
	 * @param items the order's items, as {@code [{"sku":..., "quantity":...}]}
	 * @throws org.springframework.web.client.HttpClientErrorException when the inventory service refuses (409 without
	 * {@code Retry-After} when out of stock)
	 */
	public void reserve(long orderId, Object items) {
		if (this.enabled) {
			this.client.post()
				.uri("/api/reservations")
				.header("Idempotency-Key", "order-" + orderId + "-reservation")
				.body(new ReservationRequest(orderId, items))
				.retrieve()
				.toBodilessEntity();
		}
	}

	/**
	 * Releases an order's reservation: the compensation of {@link #reserve}. Releasing twice is harmless (DELETE is
	 * idempotent, and 404 counts as released).
	 * @param orderId the order
	 */
	public void release(long orderId) {
		if (this.enabled) {
			this.client.delete()
				.uri("/api/reservations/{orderId}", orderId)
				.retrieve()
				.onStatus((status) -> status.value() == 404, (request, response) -> {
				})
				.toBodilessEntity();
		}
	}

	private int stock(String sku) {
		Map<?, ?> stock = this.client.get().uri("/api/stock/{sku}", sku).retrieve().body(Map.class);
		Object available = (stock != null) ? stock.get("available") : null;
		int count = (available instanceof Number number) ? number.intValue() : 0;
		this.lastKnownStock.put(sku, count);
		return count;
	}

	/**
	 * A reservation request. A record, so that its JSON has the same member order every time: the Idempotency-Key
	 * of a retry must come with the very same body.
	 *
	 * @param orderId the order
	 * @param items what to reserve
	 */
	record ReservationRequest(long orderId, Object items) {
	}

	/**
	 * How many of a product are available.
	 *
	 * @param sku the product
	 * @param available how many, or {@code null} when unknown
	 * @param degraded whether this is a last known value rather than a fresh answer
	 */
	public record Availability(String sku, @Nullable Integer available, boolean degraded) {
	}

}
