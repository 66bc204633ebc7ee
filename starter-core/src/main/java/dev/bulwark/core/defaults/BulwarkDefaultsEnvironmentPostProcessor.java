package dev.bulwark.core.defaults;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Bulwark's opinion on Spring Boot's own properties, where it differs from Boot's defaults, at the lowest precedence
 * ({@link LowestPrecedenceDefaults}): anything a user sets anywhere (application.yml, {@code @PropertySource},
 * environment, command line, {@code SpringApplication.setDefaultProperties}) wins. Switched off as a whole with
 * {@code bulwark.defaults.enabled=false}.
 */
public class BulwarkDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("bulwark.defaults.enabled", Boolean.class, true)) {
			LowestPrecedenceDefaults.apply(environment, defaults());
		}
	}

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// Boot's own defaults already give graceful shutdown (server.shutdown=graceful, 30s per phase), probes, and
		// error pages without stack traces or messages; Bulwark relies on them and sets only what differs.
		// room for real-world bearer tokens (Tomcat's 8KB would refuse them before the application sees them)
		defaults.put("server.max-http-request-header-size", "16KB");
		// virtual threads for request handling and task execution (Java 21+)
		defaults.put("spring.threads.virtual.enabled", "true");
		// no ServletRequestHandledEvent built and sent to every listener for every request (the access log and the
		// HTTP server metrics already tell what it would)
		defaults.put("spring.mvc.publish-request-handled-events", "false");
		// /health is liveness (never external systems), /ready is readiness (Boot's group, narrowed to the core
		// dependencies by bulwark.health.readiness.include: ReadinessGroupPostProcessor)
		defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
		defaults.put("management.endpoint.health.group.liveness.additional-path", "server:/health");
		defaults.put("management.endpoint.health.group.readiness.include", "*");
		defaults.put("management.endpoint.health.group.readiness.exclude", "livenessState");
		defaults.put("management.endpoint.health.group.readiness.additional-path", "server:/ready");
		// only health, info and prometheus over HTTP; the rest stays off unless a user exposes it
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoints.jmx.exposure.exclude", "*");
		return defaults;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
