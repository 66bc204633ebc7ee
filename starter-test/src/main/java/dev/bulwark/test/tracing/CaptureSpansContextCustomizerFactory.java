package dev.bulwark.test.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registered in {@code META-INF/spring.factories}: starts the {@link OtlpTraceReceiver} of a class annotated with
 * {@link CaptureSpans}, points the application's OTLP exporter at it and stops it with the context.
 */
public class CaptureSpansContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return AnnotatedElementUtils.hasAnnotation(testClass, CaptureSpans.class) ? new Customizer() : null;
	}

	private static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			OtlpTraceReceiver receiver;
			try {
				receiver = new OtlpTraceReceiver();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
			beans.registerSingleton("bulwarkTestOtlpTraceReceiver", receiver);
			beans.registerDisposableBean("bulwarkTestOtlpTraceReceiverClose", receiver::close);
			TestPropertyValues
				.of("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.tracing.sampling.probability=1.0",
						"management.opentelemetry.tracing.export.schedule-delay=100ms")
				.applyTo(context);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
