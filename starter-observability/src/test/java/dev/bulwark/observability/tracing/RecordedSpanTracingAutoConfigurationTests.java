package dev.bulwark.observability.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedSpanTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, RecordedSpanTracingAutoConfiguration.class))
		.withUserConfiguration(EndedSpansConfiguration.class);

	@Test
	void shouldTagRecordedSpansOfIncomingAndOutgoingRequests() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=1.0").run((context) -> {
			assertThat(context).getBean(PropagatingReceiverTracingObservationHandler.class)
				.isInstanceOf(RecordedSpanReceiverTracingObservationHandler.class);
			assertThat(context).getBean(PropagatingSenderTracingObservationHandler.class)
				.isInstanceOf(RecordedSpanSenderTracingObservationHandler.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			observe(registry, receiverContext(new AtomicInteger()));
			SenderContext<Map<String, String>> outgoing = new SenderContext<>(Map::put);
			outgoing.setCarrier(new HashMap<>());
			observe(registry, outgoing);
			List<SpanData> spans = context.getBean(EndedSpans.class).spans;
			assertThat(spans).hasSize(2).allSatisfy((span) -> {
				assertThat(span.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo("read");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("order.id"))).isEqualTo("42");
			});
		});
	}

	@Test
	void shouldNotTagSpansThatAreNotRecorded() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0.0").run((context) -> {
			RecordedSpanReceiverTracingObservationHandler handler = new RecordedSpanReceiverTracingObservationHandler(
					context.getBean(Tracer.class), context.getBean(Propagator.class));
			AtomicInteger keyValueReads = new AtomicInteger();
			Span notRecorded = context.getBean(Tracer.class).nextSpan();
			assertThat(notRecorded.isNoop()).isTrue();
			handler.tagSpan(receiverContext(keyValueReads), notRecorded);
			assertThat(keyValueReads).hasValue(0);
		});
	}

	@Test
	void shouldLeaveBootsHandlersWhenSwitchedOff() {
		this.runner.withPropertyValues("bulwark.observability.tracing.tag-recorded-spans-only=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RecordedSpanReceiverTracingObservationHandler.class)
				.doesNotHaveBean(RecordedSpanSenderTracingObservationHandler.class)
				.hasSingleBean(PropagatingReceiverTracingObservationHandler.class)
				.hasSingleBean(PropagatingSenderTracingObservationHandler.class);
		});
	}

	@Test
	void shouldBackOffForTheApplicationsOwnReceiverHandler() {
		this.runner.withUserConfiguration(OwnReceiverHandler.class).run((context) -> {
			assertThat(context).getBean(PropagatingReceiverTracingObservationHandler.class)
				.isSameAs(context.getBean("ownReceiverHandler"));
			assertThat(context).hasSingleBean(RecordedSpanSenderTracingObservationHandler.class);
		});
	}

	private static void observe(ObservationRegistry registry, Observation.Context context) {
		Observation.createNotStarted("orders", () -> context, registry)
			.lowCardinalityKeyValue("kind", "read")
			.highCardinalityKeyValue("order.id", "42")
			.observe(() -> {
			});
	}

	/**
	 * A request's context that counts how often its key values are read.
	 */
	private static ReceiverContext<Map<String, String>> receiverContext(AtomicInteger keyValueReads) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key)) {
			@Override
			public KeyValues getAllKeyValues() {
				keyValueReads.incrementAndGet();
				return super.getAllKeyValues();
			}
		};
		context.setCarrier(new HashMap<>());
		return context;
	}

	static class EndedSpans implements SpanProcessor {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.spans.add(span.toSpanData());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EndedSpansConfiguration {

		@Bean
		EndedSpans endedSpans() {
			return new EndedSpans();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReceiverHandler {

		@Bean
		PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> ownReceiverHandler(Tracer tracer,
				Propagator propagator) {
			return new PropagatingReceiverTracingObservationHandler<>(tracer, propagator);
		}

	}

}
