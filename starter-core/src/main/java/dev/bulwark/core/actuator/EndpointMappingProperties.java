package dev.bulwark.core.actuator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Spring Boot's actuator endpoints are found on the application's port.
 */
@ConfigurationProperties("bulwark.actuator.endpoint-mapping")
public class EndpointMappingProperties {

	/**
	 * Whether the actuator's handler mapping looks only at requests under the actuator's base path
	 * (management.endpoints.web.base-path), instead of trying all its endpoints for every application request.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
