package dev.bulwark.sample.orders;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The orders API. Errors (validation, unknown order, bad JSON) are answered as problems by Bulwark.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService service;

	OrderController(OrderService service) {
		this.service = service;
	}

	@PostMapping
	ResponseEntity<OrderApi.OrderView> create(@Valid @RequestBody OrderApi.CreateOrder request) {
		PurchaseOrder order = this.service.place(request);
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(order.id())
			.toUri();
		return ResponseEntity.created(location).body(OrderApi.OrderView.of(order));
	}

	@GetMapping("/{id}")
	OrderApi.OrderView get(@PathVariable @Positive long id) {
		return OrderApi.OrderView.of(this.service.get(id));
	}

	@GetMapping
	OrderApi.OrderPage list(@RequestParam(required = false) @Nullable String customerId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.service.list(customerId, page, size);
	}

}
