/**
 * Fault injection for resilience tests: a real HTTP server that answers with scripted statuses, delays, hangs,
 * connection resets and slow bodies.
 */
@NullMarked
package dev.bulwark.test.fault;

import org.jspecify.annotations.NullMarked;
