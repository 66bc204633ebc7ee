package dev.bulwark.sample.customers;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which token claim names the customer, and which scope sees every customer's orders.
 */
@ConfigurationProperties("sample.customers")
public class CustomersProperties {

	/**
	 * The token claim that names the caller's customer: an order belongs to it.
	 */
	private String claim = "sub";

	/**
	 * The scope that reads and places any customer's orders (a back office); without it a caller sees only its own.
	 */
	private String adminScope = "orders:admin";

	public String getClaim() {
		return this.claim;
	}

	public void setClaim(String claim) {
		this.claim = claim;
	}

	public String getAdminScope() {
		return this.adminScope;
	}

	public void setAdminScope(String adminScope) {
		this.adminScope = adminScope;
	}

}
