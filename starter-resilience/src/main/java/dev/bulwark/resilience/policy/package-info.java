/**
 * Named resilience policies: bulkhead, circuit breaker, retry with a budget, and a deadline, usable around any call.
 */
@NullMarked
package dev.bulwark.resilience.policy;

import org.jspecify.annotations.NullMarked;
