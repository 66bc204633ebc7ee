package dev.bulwark.observability.logging;

import java.lang.reflect.Constructor;
import java.nio.charset.Charset;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's own ECS format (the same members, byte for byte), encoded faster: Boot's formatter writes each JSON
 * token through an {@code OutputStreamWriter}, which encodes every small string on its own; this one builds the line
 * as a string and encodes it once. The profile of the benchmark's Bulwark service showed that encoding at 13% of all
 * CPU samples (docs/performance.md). Bulwark sets {@code logging.structured.format.console} to this class; set
 * {@code ecs} to use Boot's formatter unchanged.
 * <p>
 * Boot's formatter class is package-private, so it is made here reflectively, with the parameters Boot gives any
 * custom formatter.
 */
public class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String BOOT_ECS_FORMATTER = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

	private final StructuredLogFormatter<ILoggingEvent> ecs;

	public EcsLogFormatter(Environment environment, @Nullable StackTracePrinter stackTracePrinter,
			ContextPairs contextPairs, ThrowableProxyConverter throwableProxyConverter,
			StructuredLoggingJsonMembersCustomizer.Builder<?> customizerBuilder) {
		this.ecs = bootEcsFormatter(environment, stackTracePrinter, contextPairs, throwableProxyConverter,
				customizerBuilder);
	}

	@SuppressWarnings("unchecked")
	private static StructuredLogFormatter<ILoggingEvent> bootEcsFormatter(Environment environment,
			@Nullable StackTracePrinter stackTracePrinter, ContextPairs contextPairs,
			ThrowableProxyConverter throwableProxyConverter,
			StructuredLoggingJsonMembersCustomizer.Builder<?> customizerBuilder) {
		try {
			Constructor<?> constructor = Class.forName(BOOT_ECS_FORMATTER, true, EcsLogFormatter.class.getClassLoader())
				.getDeclaredConstructor(Environment.class, StackTracePrinter.class, ContextPairs.class,
						ThrowableProxyConverter.class, StructuredLoggingJsonMembersCustomizer.Builder.class);
			constructor.setAccessible(true);
			return (StructuredLogFormatter<ILoggingEvent>) constructor.newInstance(environment, stackTracePrinter,
					contextPairs, throwableProxyConverter, customizerBuilder);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("Spring Boot's ECS log formatter (" + BOOT_ECS_FORMATTER
					+ ") could not be made; set logging.structured.format.console=ecs to use it directly", ex);
		}
	}

	@Override
	public String format(ILoggingEvent event) {
		return this.ecs.format(event);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		return this.ecs.format(event).getBytes(charset);
	}

}
