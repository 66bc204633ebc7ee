/**
 * Idempotent consumers: each event applied once per consumer, deduplicated in the consumer's own transaction.
 */
@NullMarked
package dev.bulwark.messaging.inbox;

import org.jspecify.annotations.NullMarked;
