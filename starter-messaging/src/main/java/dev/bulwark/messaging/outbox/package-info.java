/**
 * Transactional outbox: events written in the caller's transaction, relayed to the broker at least once, in order.
 */
@NullMarked
package dev.bulwark.messaging.outbox;

import org.jspecify.annotations.NullMarked;
