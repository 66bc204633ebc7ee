package dev.bulwark.resilience.client;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bulwark.resilience.policy.ClientPolicy;
import dev.bulwark.resilience.policy.ResiliencePolicies;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * One {@link WebClient} per named dependency, built from Spring Boot's {@code WebClient.Builder} (correlation id,
 * trace context and observations included) with the dependency's policies applied by a
 * {@link ResilientExchangeFilter} as its last filter. Available when WebFlux is on the class path.
 */
public class ResilientWebClients {

	private final Map<String, WebClient> clients = new LinkedHashMap<>();

	public ResilientWebClients(ResiliencePolicies policies, WebClient.Builder builder, String deadlineHeader) {
		for (String name : policies.names()) {
			ClientPolicy policy = policies.get(name);
			WebClient.Builder named = builder.clone().filter(new ResilientExchangeFilter(policy, deadlineHeader));
			if (policy.getProperties().getBaseUrl() != null) {
				named.baseUrl(policy.getProperties().getBaseUrl().toString());
			}
			this.clients.put(name, named.build());
		}
	}

	/**
	 * @param name a name under {@code bulwark.resilience.clients}
	 * @return its client
	 * @throws IllegalArgumentException for a name that is not configured
	 */
	public WebClient get(String name) {
		WebClient client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException("No client named '" + name + "': declare it under bulwark.resilience.clients."
					+ name + " (known: " + this.clients.keySet() + ")");
		}
		return client;
	}

}
