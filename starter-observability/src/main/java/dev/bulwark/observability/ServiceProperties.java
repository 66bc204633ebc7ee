package dev.bulwark.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is emitting: the service version and environment carried by every log line, metric and span. The service name
 * is {@code spring.application.name}.
 */
@ConfigurationProperties("bulwark.observability.service")
public class ServiceProperties {

	/**
	 * Version of the service. Defaults to the Implementation-Version of the main class's jar, or "unknown".
	 */
	private String version = "unknown";

	/**
	 * Deployment environment, such as "prod" or "staging". Defaults to the first active profile, or "default".
	 */
	private String environment = "default";

	public String getVersion() {
		return this.version;
	}

	public void setVersion(String version) {
		this.version = version;
	}

	public String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

}
