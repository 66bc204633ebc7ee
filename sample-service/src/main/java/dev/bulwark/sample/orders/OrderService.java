package dev.bulwark.sample.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bulwark.messaging.outbox.Outbox;
import dev.bulwark.sample.inventory.InventoryClient;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and reads orders.
 */
@Service
class OrderService {

	private final OrderRepository orders;

	private final InventoryClient inventory;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	OrderService(OrderRepository orders, InventoryClient inventory, Outbox outbox, TransactionTemplate transactions) {
		this.orders = orders;
		this.inventory = inventory;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Checks stock, then saves the order and its OrderCreated event in one transaction (the event is published by
	 * the outbox relay once a broker is configured). The stock check stays outside: no database connection is held
	 * while the inventory service is called.
	 */
	PurchaseOrder place(OrderApi.CreateOrder request) {
		request.items().forEach((item) -> this.inventory.requireInStock(item.sku(), item.quantity()));
		var lines = request.items().stream().map((item) -> new PurchaseOrder.OrderLine(item.sku(), item.quantity())).toList();
		// tag::place[]
		return this.transactions.execute((status) -> {
			PurchaseOrder order = this.orders.save(new PurchaseOrder(null, request.customerId(),
					PurchaseOrder.OrderStatus.PLACED, null, Instant.now(this.clock).truncatedTo(ChronoUnit.MICROS), lines));
			this.outbox.publish("order", String.valueOf(order.id()), "OrderCreated", Map.of("orderId", order.id(),
					"customerId", order.customerId(), "items", request.items(), "occurredAt", order.createdAt()));
			return order;
		});
		// end::place[]

	}

	@Transactional(readOnly = true)
	PurchaseOrder get(long id) {
		return this.orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	@Transactional(readOnly = true)
	OrderApi.OrderPage list(@Nullable String customerId, int page, int size) {
		PageRequest request = PageRequest.of(page, size, Sort.by("id"));
		return OrderApi.OrderPage
			.of((customerId != null) ? this.orders.findByCustomerId(customerId, request) : this.orders.findAll(request));
	}

}
