/**
 * HTTP Idempotency-Key (IETF httpapi draft): a retried POST or PATCH is answered from the first attempt's response.
 */
@NullMarked
package dev.bulwark.messaging.idempotency;

import org.jspecify.annotations.NullMarked;
