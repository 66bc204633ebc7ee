/**
 * Structured JSON logs, one access-log line per request, and secrets masked before they reach a log.
 */
@NullMarked
package dev.bulwark.observability.logging;

import org.jspecify.annotations.NullMarked;
