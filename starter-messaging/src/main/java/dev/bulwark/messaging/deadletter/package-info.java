/**
 * Poison messages: retried with backoff, then moved to a dead-letter exchange with the error recorded.
 */
@NullMarked
package dev.bulwark.messaging.deadletter;

import org.jspecify.annotations.NullMarked;
