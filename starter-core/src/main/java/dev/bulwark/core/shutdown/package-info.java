/**
 * Graceful shutdown: refuse readiness, wait for load balancers to notice, then drain in-flight requests.
 */
@NullMarked
package dev.bulwark.core.shutdown;

import org.jspecify.annotations.NullMarked;
