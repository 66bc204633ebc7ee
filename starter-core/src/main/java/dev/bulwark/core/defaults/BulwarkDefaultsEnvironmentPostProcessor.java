package dev.bulwark.core.defaults;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Bulwark's opinion on Spring Boot's own properties, added as the property source of lowest precedence: anything a
 * user sets anywhere (application.yml, environment, command line, default properties) wins. Switched off as a whole
 * with {@code bulwark.defaults.enabled=false}.
 */
public class BulwarkDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "bulwarkDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("bulwark.defaults.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults()));
	}

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// graceful shutdown: finish in-flight requests, for at most the lifecycle phase timeout
		defaults.put("server.shutdown", "graceful");
		defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "30s");
		// virtual threads for request handling and task execution (Java 21+)
		defaults.put("spring.threads.virtual.enabled", "true");
		// /health is liveness (never external systems), /ready is readiness (everything the service depends on)
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
		defaults.put("management.endpoint.health.group.liveness.additional-path", "server:/health");
		defaults.put("management.endpoint.health.group.readiness.include", "*");
		defaults.put("management.endpoint.health.group.readiness.exclude", "livenessState");
		defaults.put("management.endpoint.health.group.readiness.additional-path", "server:/ready");
		// only health, info and prometheus over HTTP; the rest stays off unless a user exposes it
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoints.jmx.exposure.exclude", "*");
		// error responses never show internals
		defaults.put("server.error.include-stacktrace", "never");
		defaults.put("server.error.include-message", "never");
		defaults.put("server.error.include-binding-errors", "never");
		defaults.put("server.error.include-exception", "false");
		return defaults;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
