package dev.bulwark.sample.inventory;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;

/**
 * Asks the inventory service whether a product is in stock. Built from Spring's {@code RestClient.Builder}, so the
 * correlation id and trace context travel with every call.
 */
@Component
@EnableConfigurationProperties(InventoryProperties.class)
public class InventoryClient {

	private final @Nullable RestClient client;

	public InventoryClient(RestClient.Builder builder, InventoryProperties properties) {
		this.client = (properties.getBaseUrl() != null) ? builder.baseUrl(properties.getBaseUrl()).build() : null;
	}

	/**
	 * Refuses, with 409 Conflict as a problem, a quantity the inventory service cannot supply. Does nothing when no
	 * inventory service is configured.
	 * @param sku the product
	 * @param quantity how many are wanted
	 */
	public void requireInStock(String sku, int quantity) {
		if (this.client == null) {
			return;
		}
		Map<?, ?> stock = this.client.get().uri("/api/stock/{sku}", sku).retrieve().body(Map.class);
		Object available = (stock != null) ? stock.get("available") : null;
		if (!(available instanceof Number number) || number.intValue() < quantity) {
			throw new ErrorResponseException(HttpStatus.CONFLICT,
					ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Not enough stock of " + sku + "."), null);
		}
	}

}
