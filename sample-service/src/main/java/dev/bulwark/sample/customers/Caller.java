package dev.bulwark.sample.customers;

/**
 * Who sent the request: the customer its token names, and whether it may act for every customer.
 *
 * @param customer the customer the token names
 * @param admin whether the token has the admin scope
 */
public record Caller(String customer, boolean admin) {

	/**
	 * @param customerId a customer
	 * @return whether this caller may see and act on that customer's orders
	 */
	public boolean mayActFor(String customerId) {
		return this.admin || this.customer.equals(customerId);
	}

}
