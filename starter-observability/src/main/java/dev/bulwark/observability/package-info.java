/**
 * Observability that agrees with itself: logs, metrics and traces joined by trace and correlation ids.
 */
@NullMarked
package dev.bulwark.observability;

import org.jspecify.annotations.NullMarked;
