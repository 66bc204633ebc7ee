package dev.bulwark.observability.logging;

import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.util.Set;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Spring Boot's own ECS format (the same members, byte for byte), written faster. Boot's formatter writes each JSON
 * token through an {@code OutputStreamWriter}, which encodes every small string on its own, and its general JSON
 * writer asks each value processor about each value; this one writes an ordinary event's line straight into one
 * string ({@link EcsLineWriter}) and encodes it once. In the profile of the benchmark's Bulwark service, the two
 * took 13% and a quarter of all CPU samples (docs/performance.md). Bulwark sets
 * {@code logging.structured.format.console} to this class; set {@code ecs} to use Boot's formatter unchanged.
 * <p>
 * Events with an exception or markers, and every event when {@code logging.structured.json.*} changes the members
 * (include, exclude, rename, add, a prefix for context values, customizers other than Bulwark's secret masking) or a
 * {@code StructuredLoggingJsonMembersCustomizer} is registered in {@code spring.factories}, are written by Boot's
 * formatter. Its class is package-private, so it is made here reflectively, with the parameters Boot gives any custom
 * formatter.
 */
public class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String BOOT_ECS_FORMATTER = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

	private static final String JSON_SETTINGS = "logging.structured.json";

	private final StructuredLogFormatter<ILoggingEvent> ecs;

	private final @Nullable EcsLineWriter lines;

	public EcsLogFormatter(Environment environment, @Nullable StackTracePrinter stackTracePrinter,
			ContextPairs contextPairs, ThrowableProxyConverter throwableProxyConverter,
			StructuredLoggingJsonMembersCustomizer.Builder<?> customizerBuilder) {
		this.ecs = bootEcsFormatter(environment, stackTracePrinter, contextPairs, throwableProxyConverter,
				customizerBuilder);
		this.lines = lineWriter(environment);
	}

	/**
	 * @return a writer for ordinary events, or {@code null} when the JSON settings change what Boot writes
	 */
	static @Nullable EcsLineWriter lineWriter(Environment environment) {
		Binder binder = Binder.get(environment);
		for (String members : new String[] { "include", "exclude" }) {
			if (binder.bind(JSON_SETTINGS + "." + members, Bindable.setOf(String.class)).isBound()) {
				return null;
			}
		}
		for (String members : new String[] { "rename", "add" }) {
			if (binder.bind(JSON_SETTINGS + "." + members, Bindable.mapOf(String.class, String.class)).isBound()) {
				return null;
			}
		}
		if (!binder.bind(JSON_SETTINGS + ".context.include", Boolean.class).orElse(true)
				|| !binder.bind(JSON_SETTINGS + ".context.prefix", String.class).orElse("").isEmpty()) {
			return null;
		}
		Set<String> customizers = binder.bind(JSON_SETTINGS + ".customizer", Bindable.setOf(String.class))
			.orElse(Set.of());
		String masking = SecretMaskingJsonMembersCustomizer.class.getName();
		if (!(customizers.isEmpty() || customizers.equals(Set.of(masking)))) {
			return null;
		}
		// Spring's own class loader, as Boot's formatter factory uses
		if (!SpringFactoriesLoader.loadFactoryNames(StructuredLoggingJsonMembersCustomizer.class, null).isEmpty()) {
			return null;
		}
		return new EcsLineWriter(environment, !customizers.isEmpty());
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
		String line = (this.lines != null) ? this.lines.write(event) : null;
		return (line != null) ? line : this.ecs.format(event);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		return format(event).getBytes(charset);
	}

}
