package dev.bulwark.observability;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bulwark.core.defaults.LowestPrecedenceDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Bulwark's observability defaults for Spring Boot's own properties, at the lowest precedence
 * ({@link LowestPrecedenceDefaults}), and the standard
 * {@code OTEL_*} environment variables mapped onto Boot's properties, at the precedence of environment variables.
 * <ul>
 * <li>JSON lines on the console (Boot's ECS format) unless the {@code dev} profile is active;</li>
 * <li>service name, version and environment in every log line and as OpenTelemetry resource attributes;</li>
 * <li>secrets masked in every JSON log line.</li>
 * </ul>
 */
public class ObservabilityEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the mapped {@code OTEL_*} environment variables.
	 */
	public static final String OTEL_ENVIRONMENT = "bulwarkOtelEnvironment";

	/**
	 * The {@code OTEL_*} environment variables a Bulwark service honours: those mapped here, and those Spring Boot
	 * reads itself.
	 */
	public static final java.util.Set<String> OTEL_VARIABLES = java.util.Set.of("OTEL_SERVICE_NAME",
			"OTEL_RESOURCE_ATTRIBUTES", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
			"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
			"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_TRACES_EXPORTER", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG");

	/**
	 * The profile under which logs stay a readable pattern instead of JSON.
	 */
	public static final String DEV_PROFILE = "dev";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (!environment.getProperty("bulwark.observability.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> otel = otelProperties(environment);
		if (!otel.isEmpty()) {
			MapPropertySource source = new MapPropertySource(OTEL_ENVIRONMENT, otel);
			if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
			}
			else {
				sources.addLast(source);
			}
		}
		LowestPrecedenceDefaults.apply(environment, defaults(environment, application));
	}

	/**
	 * Whether Spring Boot will log through Logback: it is on the class path (Boot prefers it) and no other logging
	 * system is chosen with the {@code org.springframework.boot.logging.LoggingSystem} system property.
	 */
	private static boolean logbackLogs() {
		String chosen = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
				ObservabilityEnvironmentPostProcessor.class.getClassLoader())
				&& (chosen == null || chosen.contains("logback"));
	}

	static Map<String, Object> defaults(ConfigurableEnvironment environment, @Nullable SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("bulwark.observability.service.version", version(application));
		defaults.put("bulwark.observability.service.environment",
				(environment.getActiveProfiles().length > 0) ? environment.getActiveProfiles()[0] : "default");
		boolean dev = Arrays.asList(environment.getActiveProfiles()).contains(DEV_PROFILE);
		if (!dev) {
			// Boot's ECS format, encoded faster (see EcsLogFormatter), when Logback writes the logs; "ecs" otherwise
			defaults.put("logging.structured.format.console",
					logbackLogs() ? "dev.bulwark.observability.logging.EcsLogFormatter" : "ecs");
		}
		defaults.put("logging.structured.ecs.service.name", "${spring.application.name:application}");
		defaults.put("logging.structured.ecs.service.version", "${bulwark.observability.service.version}");
		defaults.put("logging.structured.ecs.service.environment", "${bulwark.observability.service.environment}");
		defaults.put("logging.structured.json.customizer",
				"dev.bulwark.observability.logging.SecretMaskingJsonMembersCustomizer");
		// Boot already samples 10% of new traces (parent-based); OTEL_RESOURCE_ATTRIBUTES keeps precedence
		String otelResource = environment.getProperty("OTEL_RESOURCE_ATTRIBUTES", "");
		if (!otelResource.contains("service.version=")) {
			defaults.put("management.opentelemetry.resource-attributes[service.version]",
					"${bulwark.observability.service.version}");
		}
		if (!otelResource.contains("deployment.environment=")) {
			defaults.put("management.opentelemetry.resource-attributes[deployment.environment]",
					"${bulwark.observability.service.environment}");
		}
		defaults.put("management.otlp.metrics.export.enabled", "false");
		return defaults;
	}

	/**
	 * The OpenTelemetry SDK's standard environment variables that Spring Boot does not read itself, as Boot
	 * properties. {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES} are read by Boot already.
	 */
	static Map<String, Object> otelProperties(ConfigurableEnvironment environment) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String protocol = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
				environment.getProperty("OTEL_EXPORTER_OTLP_PROTOCOL", ""));
		boolean grpc = protocol.equals("grpc");
		String tracesEndpoint = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		String endpoint = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
		if (tracesEndpoint != null && !tracesEndpoint.isBlank()) {
			properties.put("management.opentelemetry.tracing.export.otlp.endpoint", tracesEndpoint);
		}
		else if (endpoint != null && !endpoint.isBlank()) {
			// the spec: over HTTP the signal path is appended to the base endpoint, over gRPC it is not
			String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
			properties.put("management.opentelemetry.tracing.export.otlp.endpoint", grpc ? base : base + "/v1/traces");
		}
		String headers = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_HEADERS",
				environment.getProperty("OTEL_EXPORTER_OTLP_HEADERS", ""));
		for (String header : headers.split(",")) {
			int equals = header.indexOf('=');
			if (equals > 0) {
				properties.put("management.opentelemetry.tracing.export.otlp.headers[" + header.substring(0, equals).trim()
						+ "]", URLDecoder.decode(header.substring(equals + 1).trim(), StandardCharsets.UTF_8));
			}
		}
		if (grpc) {
			properties.put("management.opentelemetry.tracing.export.otlp.transport", "grpc");
		}
		String sampler = environment.getProperty("OTEL_TRACES_SAMPLER", "");
		String samplerArg = environment.getProperty("OTEL_TRACES_SAMPLER_ARG");
		if (samplerArg != null && (sampler.isEmpty() || sampler.contains("traceidratio"))) {
			properties.put("management.tracing.sampling.probability", samplerArg);
		}
		else if (sampler.equals("always_off") || sampler.equals("parentbased_always_off")) {
			properties.put("management.tracing.sampling.probability", "0");
		}
		else if (sampler.equals("always_on") || sampler.equals("parentbased_always_on")) {
			properties.put("management.tracing.sampling.probability", "1");
		}
		if ("none".equals(environment.getProperty("OTEL_TRACES_EXPORTER"))) {
			properties.put("management.tracing.export.enabled", "false");
		}
		return properties;
	}

	private static String version(@Nullable SpringApplication application) {
		Class<?> main = (application != null) ? application.getMainApplicationClass() : null;
		String version = (main != null) ? main.getPackage().getImplementationVersion() : null;
		return (version != null) ? version : "unknown";
	}

	@Override
	public int getOrder() {
		// after config data, so that active profiles are known
		return Ordered.LOWEST_PRECEDENCE;
	}

}
