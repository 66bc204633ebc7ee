/**
 * Inbound rate limits per client (subject, API key or address), answered with 429 and the IETF RateLimit headers;
 * in memory or shared through Redis.
 */
@NullMarked
package dev.bulwark.resilience.ratelimit;

import org.jspecify.annotations.NullMarked;
