package dev.bulwark.sample.orders;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.data.domain.Page;

/**
 * The orders API's request and response bodies.
 */
final class OrderApi {

	private OrderApi() {
	}

	/**
	 * A request to place an order.
	 *
	 * @param customerId who places it
	 * @param items what is ordered, at least one item
	 */
	record CreateOrder(@NotBlank @Size(max = 64) String customerId,
			@NotEmpty @Size(max = 100) List<@Valid Item> items) {
	}

	/**
	 * An ordered product.
	 *
	 * @param sku the product's stock-keeping unit
	 * @param quantity how many, at least one
	 */
	record Item(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+") String sku,
			@Positive @Max(1000) int quantity) {
	}

	/**
	 * An order as the API shows it.
	 *
	 * @param id the order's id
	 * @param customerId who placed it
	 * @param status where it stands: PLACED until the fulfilment saga confirmed or cancelled it
	 * @param statusReason why it was cancelled, if it was
	 * @param createdAt when it was placed
	 * @param items what was ordered
	 */
	record OrderView(long id, String customerId, PurchaseOrder.OrderStatus status, @Nullable String statusReason,
			Instant createdAt, List<Item> items) {

		static OrderView of(PurchaseOrder order) {
			List<Item> items = order.lines().stream().map((line) -> new Item(line.sku(), line.quantity())).toList();
			return new OrderView(order.id(), order.customerId(), order.status(), order.statusReason(),
					order.createdAt(), items);
		}

	}

	/**
	 * One page of orders.
	 *
	 * @param content the orders on this page
	 * @param page the page number, from 0
	 * @param size the page size asked for
	 * @param totalElements how many orders match in all
	 * @param totalPages how many pages there are
	 */
	record OrderPage(List<OrderView> content, int page, int size, long totalElements, int totalPages) {

		static OrderPage of(Page<PurchaseOrder> page) {
			return new OrderPage(page.getContent().stream().map(OrderView::of).toList(), page.getNumber(),
					page.getSize(), page.getTotalElements(), page.getTotalPages());
		}

	}

}
