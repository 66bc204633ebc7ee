/**
 * Deadline propagation: an inbound request's remaining time caps every outbound call it makes.
 */
@NullMarked
package dev.bulwark.resilience.deadline;

import org.jspecify.annotations.NullMarked;
