package dev.bulwark.security.secrets;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Fails start-up, naming the property (never a value), when a required secret is missing or blank.
 */
public class RequiredSecretsVerifier implements InitializingBean {

	private final RequiredSecretsProperties properties;

	private final Environment environment;

	public RequiredSecretsVerifier(RequiredSecretsProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		for (String name : this.properties.getRequired()) {
			String value = this.environment.getProperty(name);
			if (value == null || value.isBlank()) {
				throw new InvalidBulwarkPropertyException(name, "(missing)", "a required secret is not set",
						"Provide it from the environment, a mounted secret (spring.config.import=configtree:...) or "
								+ "your secret store.");
			}
		}
	}

}
