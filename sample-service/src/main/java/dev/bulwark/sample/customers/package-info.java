/**
 * Customers: whose orders a caller may see, from the token it sent.
 */
@NullMarked
package dev.bulwark.sample.customers;

import org.jspecify.annotations.NullMarked;
