package dev.bulwark.core.health;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What readiness ({@code /ready}, Boot's {@code readiness} health group) includes.
 */
@ConfigurationProperties("bulwark.health.readiness")
public class ReadinessProperties {

	/**
	 * Health contributors whose DOWN takes the instance out of the load balancer: the ones it cannot serve its core
	 * traffic without. Caches and brokers Bulwark degrades around (the rate-limit store, the outbox's transports) are
	 * left out, so that their outage does not empty the Service; they stay in /actuator/health and the metrics. "*"
	 * keeps every member Boot's group configuration gives.
	 */
	private List<String> include = new ArrayList<>(List.of("readinessState", "db"));

	public List<String> getInclude() {
		return this.include;
	}

	public void setInclude(List<String> include) {
		this.include = include;
	}

}
