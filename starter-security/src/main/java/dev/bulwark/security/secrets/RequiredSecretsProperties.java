package dev.bulwark.security.secrets;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties that must hold a secret for the service to start, wherever the secret comes from: environment
 * variables, Kubernetes secrets mounted as a config tree ({@code spring.config.import=configtree:/run/secrets/}),
 * or Vault (Spring Cloud Vault).
 */
@ConfigurationProperties("bulwark.security.secrets")
public class RequiredSecretsProperties {

	/**
	 * Property names that must be set and not blank, such as spring.datasource.password.
	 */
	private List<String> required = new ArrayList<>();

	public List<String> getRequired() {
		return this.required;
	}

	public void setRequired(List<String> required) {
		this.required = required;
	}

}
