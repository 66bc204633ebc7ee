/**
 * Spring Cloud CircuitBreaker's factory, backed by Bulwark's named policies and running on the caller's thread.
 */
@NullMarked
package dev.bulwark.resilience.cloud;

import org.jspecify.annotations.NullMarked;
