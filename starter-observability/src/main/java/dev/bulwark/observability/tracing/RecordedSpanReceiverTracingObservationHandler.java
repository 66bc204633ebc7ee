package dev.bulwark.observability.tracing;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer Tracing's handler for the spans of incoming requests (the HTTP server's, gRPC's, message listeners'),
 * that copies an observation's key values onto its span only when the span is recorded. At a sampling probability of
 * 10%, nine spans in ten are not: OpenTelemetry drops their attributes, but Micrometer's handler would still merge
 * the key values and set them one by one.
 */
public class RecordedSpanReceiverTracingObservationHandler
		extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

	public RecordedSpanReceiverTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void tagSpan(ReceiverContext<?> context, Span span) {
		if (!span.isNoop()) {
			super.tagSpan(context, span);
		}
	}

}
