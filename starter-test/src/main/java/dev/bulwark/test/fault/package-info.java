/**
 * Fault injection for resilience tests: a real HTTP server that answers with scripted statuses, delays, hangs,
 * connection resets and slow bodies, and a TCP proxy that refuses, resets, hangs or slows the connections to a real
 * server.
 */
@NullMarked
package dev.bulwark.test.fault;

import org.jspecify.annotations.NullMarked;
