package dev.bulwark.sample.orders;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;

/**
 * An order and its lines, stored as one aggregate in the tables {@code purchase_order} and {@code order_line}.
 *
 * @param id the id, assigned by the database
 * @param customerId who placed the order
 * @param status where the order stands
 * @param statusReason why the order was cancelled, if it was
 * @param createdAt when it was placed
 * @param lines what was ordered, in the order given
 */
public record PurchaseOrder(@Id @Nullable Long id, String customerId, OrderStatus status, @Nullable String statusReason,
		Instant createdAt, List<OrderLine> lines) {

	/**
	 * One line of an order.
	 *
	 * @param sku the product
	 * @param quantity how many
	 */
	public record OrderLine(String sku, int quantity) {
	}

	/**
	 * The lifecycle of an order.
	 */
	public enum OrderStatus {

		/**
		 * Accepted; the fulfilment saga (stock reservation, payment) has not decided yet.
		 */
		PLACED,

		/**
		 * Stock reserved and payment taken.
		 */
		CONFIRMED,

		/**
		 * A fulfilment step failed; what was done before it was undone.
		 */
		CANCELLED

	}

}
