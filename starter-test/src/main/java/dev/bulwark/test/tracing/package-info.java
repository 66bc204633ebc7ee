/**
 * Tracing tests: a real OTLP/HTTP receiver that keeps the spans a service exports.
 */
@NullMarked
package dev.bulwark.test.tracing;

import org.jspecify.annotations.NullMarked;
