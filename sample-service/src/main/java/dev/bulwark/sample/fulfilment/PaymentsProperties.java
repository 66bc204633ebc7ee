package dev.bulwark.sample.fulfilment;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the payments service is.
 */
@ConfigurationProperties("sample.payments")
public class PaymentsProperties {

	/**
	 * Base URL of the payments service. When unset, the fulfilment saga takes no payment (development only).
	 */
	private @Nullable URI baseUrl;

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

}
