/**
 * OpenTelemetry tracing through Spring Boot: OTEL_* environment variables, the correlation id on spans, and export
 * failures counted instead of felt.
 */
@NullMarked
package dev.bulwark.observability.tracing;

import org.jspecify.annotations.NullMarked;
