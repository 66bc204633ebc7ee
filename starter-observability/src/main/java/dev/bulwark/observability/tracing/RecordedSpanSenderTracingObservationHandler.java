package dev.bulwark.observability.tracing;

import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer Tracing's handler for the spans of outgoing requests (the HTTP clients', for one), that copies an
 * observation's key values onto its span only when the span is recorded. At a sampling probability of 10%, nine spans
 * in ten are not: OpenTelemetry drops their attributes, but Micrometer's handler would still merge the key values and
 * set them one by one.
 */
public class RecordedSpanSenderTracingObservationHandler
		extends PropagatingSenderTracingObservationHandler<SenderContext<?>> {

	public RecordedSpanSenderTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void tagSpan(SenderContext<?> context, Span span) {
		if (!span.isNoop()) {
			super.tagSpan(context, span);
		}
	}

}
