package dev.bulwark.sample.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bulwark.messaging.outbox.Outbox;
import dev.bulwark.sample.customers.Caller;
import dev.bulwark.sample.customers.Callers;
import dev.bulwark.sample.inventory.InventoryClient;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and reads orders. An order belongs to the customer it was placed for, and only that customer's tokens (or a
 * token with the admin scope) place, read or list its orders: another customer's order is answered as one that does
 * not exist.
 */
@Service
class OrderService {

	private final OrderRepository orders;

	private final InventoryClient inventory;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Callers callers;

	private final Clock clock;

	OrderService(OrderRepository orders, InventoryClient inventory, Outbox outbox, TransactionTemplate transactions,
			Callers callers) {
		this.orders = orders;
		this.callers = callers;
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
		if (!this.callers.current().mayActFor(request.customerId())) {
			throw new AccessDeniedException("Orders are placed for the customer the token names.");
		}
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
		Caller caller = this.callers.current();
		return this.orders.findById(id)
			.filter((order) -> caller.mayActFor(order.customerId()))
			.orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * @param customerId whose orders; none lists the caller's own (every order for an admin)
	 */
	@Transactional(readOnly = true)
	OrderApi.OrderPage list(@Nullable String customerId, int page, int size) {
		Caller caller = this.callers.current();
		if (customerId != null && !caller.mayActFor(customerId)) {
			throw new CustomerNotFoundException(customerId);
		}
		String customer = (customerId != null || caller.admin()) ? customerId : caller.customer();
		PageRequest request = PageRequest.of(page, size, Sort.by("id"));
		return OrderApi.OrderPage
			.of((customer != null) ? this.orders.findByCustomerId(customer, request) : this.orders.findAll(request));
	}

}
