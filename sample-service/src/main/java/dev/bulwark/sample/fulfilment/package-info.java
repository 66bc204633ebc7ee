/**
 * Order fulfilment: an orchestrated saga that reserves stock and takes payment for each placed order, and undoes
 * the reservation and cancels the order when a step fails.
 */
@NullMarked
package dev.bulwark.sample.fulfilment;

import org.jspecify.annotations.NullMarked;
