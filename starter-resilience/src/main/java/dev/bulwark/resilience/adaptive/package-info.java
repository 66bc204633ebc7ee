/**
 * Adaptive load shedding: a concurrency limit learnt from latency, with room kept for critical routes.
 */
@NullMarked
package dev.bulwark.resilience.adaptive;

import org.jspecify.annotations.NullMarked;
