package dev.bulwark.sample.inventory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Product availability, a read that degrades gracefully when the inventory service is unavailable.
 */
@RestController
class AvailabilityController {

	private final InventoryClient inventory;

	AvailabilityController(InventoryClient inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/api/products/{sku}/availability")
	InventoryClient.Availability availability(@PathVariable String sku) {
		return this.inventory.availability(sku);
	}

}
