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
		return AnnotatedElementUtils.hasAnnotation(testClass, CaptureSpans.class) ? new Customizer(testClass) : null;
	}

	/**
	 * One per test class, so that each class has a receiver of its own.
	 */
	private static final class Customizer implements ContextCustomizer {

		private final Class<?> testClass;

		Customizer(Class<?> testClass) {
			this.testClass = testClass;
		}

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
			return other instanceof Customizer customizer && this.testClass.equals(customizer.testClass);
		}

		@Override
		public int hashCode() {
			return this.testClass.hashCode();
		}

	}

}
