package dev.bulwark.messaging.outbox;

import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;

/**
 * A consumer span named {@code outbox deliver}, child of the span that wrote the event (its {@code traceparent}
 * header), current while the consumers run: their log lines carry the producer's trace id.
 */
class TracingOutboxConsumerScope implements OutboxConsumerScope {

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	TracingOutboxConsumerScope(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public Scope open(OutboxEvent event) {
		Tracer tracer = this.tracer.getIfAvailable();
		Propagator propagator = this.propagator.getIfAvailable();
		if (tracer == null || propagator == null) {
			return NONE.open(event);
		}
		Span span = propagator.extract(event.headers(), Map::get)
			.name("outbox deliver")
			.kind(Span.Kind.CONSUMER)
			.tag("messaging.system", "bulwark-in-memory")
			.tag("messaging.message.id", event.eventId())
			.tag("bulwark.event.type", event.eventType())
			.start();
		Tracer.SpanInScope inScope = tracer.withSpan(span);
		return () -> {
			inScope.close();
			span.end();
		};
	}

}
