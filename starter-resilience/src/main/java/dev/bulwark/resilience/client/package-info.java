/**
 * Named, pooled {@code RestClient}s with the resilience policies applied to every call.
 */
@NullMarked
package dev.bulwark.resilience.client;

import org.jspecify.annotations.NullMarked;
