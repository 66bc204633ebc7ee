package dev.bulwark.resilience.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Resilience policies for outbound dependencies, declared by name.
 */
@ConfigurationProperties("bulwark.resilience")
public class ResilienceProperties {

	/**
	 * Whether the resilience starter is active.
	 */
	private boolean enabled = true;

	/**
	 * Named dependencies and their policies; each name gets a RestClient and a policy usable around any code.
	 */
	private Map<String, ClientPolicyProperties> clients = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, ClientPolicyProperties> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, ClientPolicyProperties> clients) {
		this.clients = clients;
	}

}
