/**
 * Correlation ids: taken from or added to every request, logged, returned and propagated to outbound calls.
 */
@NullMarked
package dev.bulwark.core.correlation;

import org.jspecify.annotations.NullMarked;
