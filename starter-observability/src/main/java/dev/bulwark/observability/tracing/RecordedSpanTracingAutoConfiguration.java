package dev.bulwark.observability.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * The handlers for the spans of incoming and outgoing requests that tag recorded spans only
 * ({@link RecordedSpanReceiverTracingObservationHandler}, {@link RecordedSpanSenderTracingObservationHandler}), in
 * place of Micrometer's, with the same order; Spring Boot's own then back off. Switched off by
 * {@code bulwark.observability.tracing.tag-recorded-spans-only=false}.
 */
@AutoConfiguration(before = MicrometerTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, PropagatingReceiverTracingObservationHandler.class })
@ConditionalOnBean({ Tracer.class, Propagator.class })
@ConditionalOnBooleanProperty(name = { "bulwark.observability.enabled", "bulwark.observability.tracing.enabled",
		"bulwark.observability.tracing.tag-recorded-spans-only" }, matchIfMissing = true)
public final class RecordedSpanTracingAutoConfiguration {

	@Bean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	@ConditionalOnMissingBean(PropagatingReceiverTracingObservationHandler.class)
	RecordedSpanReceiverTracingObservationHandler recordedSpanReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new RecordedSpanReceiverTracingObservationHandler(tracer, propagator);
	}

	@Bean
	@Order(MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER)
	@ConditionalOnMissingBean(PropagatingSenderTracingObservationHandler.class)
	RecordedSpanSenderTracingObservationHandler recordedSpanSenderTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new RecordedSpanSenderTracingObservationHandler(tracer, propagator);
	}

}
