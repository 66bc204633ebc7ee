package dev.bulwark.observability.tracing;

import java.util.Collection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Counts the spans an exporter delivered and the spans it dropped because the collector could not be reached or
 * refused them, as {@value #METER} with the tag {@code outcome} ({@code success} or {@code failure}). Export runs in
 * the batch span processor's thread: a collector that is down costs requests nothing but these dropped spans.
 */
public class MeteredSpanExporter implements SpanExporter {

	/**
	 * Counter of exported spans by outcome.
	 */
	public static final String METER = "bulwark.tracing.spans.exported";

	private final SpanExporter delegate;

	private final Counter success;

	private final Counter failure;

	public MeteredSpanExporter(SpanExporter delegate, MeterRegistry registry, String exporter) {
		this.delegate = delegate;
		this.success = Counter.builder(METER)
			.tag("exporter", exporter)
			.tag("outcome", "success")
			.description("Spans exported")
			.register(registry);
		this.failure = Counter.builder(METER)
			.tag("exporter", exporter)
			.tag("outcome", "failure")
			.description("Spans exported")
			.register(registry);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		CompletableResultCode result = this.delegate.export(spans);
		result.whenComplete(() -> (result.isSuccess() ? this.success : this.failure).increment(count));
		return result;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
