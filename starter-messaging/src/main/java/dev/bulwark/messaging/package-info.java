/**
 * Messaging guarantees: at-least-once publication, effectively-once consumption, and Idempotency-Key for HTTP.
 */
@NullMarked
package dev.bulwark.messaging;

import org.jspecify.annotations.NullMarked;
