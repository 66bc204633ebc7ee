package dev.bulwark.sample.inventory;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the inventory service is.
 */
@ConfigurationProperties("sample.inventory")
public class InventoryProperties {

	/**
	 * Base URL of the inventory service. When unset, orders are placed without a stock check.
	 */
	private @Nullable URI baseUrl;

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

}
