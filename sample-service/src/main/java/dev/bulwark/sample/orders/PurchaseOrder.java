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
 * @param createdAt when it was placed
 * @param lines what was ordered, in the order given
 */
public record PurchaseOrder(@Id @Nullable Long id, String customerId, OrderStatus status, Instant createdAt,
		List<OrderLine> lines) {

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
		 * Accepted and not yet fulfilled.
		 */
		PLACED

	}

}
