package dev.bulwark.resilience.client;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.resilience.policy.ClientPolicy;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.web.client.RestClient;

/**
 * One {@link RestClient} per named dependency, built from Spring Boot's {@code RestClient.Builder} (so it carries
 * the correlation id, trace context and observations like any other) on its own pooled HTTP client, with the
 * dependency's policies applied. Also registered as beans named {@code <name>RestClient}, qualified by the name.
 */
public class ResilientRestClients implements DisposableBean {

	private final Map<String, RestClient> clients = new LinkedHashMap<>();

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	public ResilientRestClients(ResiliencePolicies policies, RestClient.Builder builder, String deadlineHeader) {
		this(policies, builder, deadlineHeader, List.of(), null);
	}

	/**
	 * @param policies the named policies
	 * @param builder Boot's builder, cloned for each client
	 * @param deadlineHeader the header that tells a dependency its budget
	 * @param customizers applied to each client's builder before its policies
	 * @param sslBundles the application's SSL bundles, for clients that present a certificate
	 */
	public ResilientRestClients(ResiliencePolicies policies, RestClient.Builder builder, String deadlineHeader,
			List<ResilientClientCustomizer> customizers, @Nullable SslBundles sslBundles) {
		this(policies, () -> builder, deadlineHeader, customizers, sslBundles);
	}

	/**
	 * @param policies the named policies
	 * @param builder Boot's builder, asked for only when a client is declared: making one builds an HTTP client,
	 * which costs start-up time for nothing in a service that declares none
	 * @param deadlineHeader the header that tells a dependency its budget
	 * @param customizers applied to each client's builder before its policies
	 * @param sslBundles the application's SSL bundles, for clients that present a certificate
	 */
	public ResilientRestClients(ResiliencePolicies policies, Supplier<RestClient.Builder> builder,
			String deadlineHeader, List<ResilientClientCustomizer> customizers, @Nullable SslBundles sslBundles) {
		if (policies.names().isEmpty()) {
			return;
		}
		RestClient.Builder boots = builder.get();
		for (String name : policies.names()) {
			ClientPolicy policy = policies.get(name);
			ClientPolicyProperties properties = policy.getProperties();
			String bundleName = properties.getSslBundle();
			SslBundle bundle = null;
			if (bundleName != null) {
				if (sslBundles == null) {
					throw new InvalidBulwarkPropertyException("bulwark.resilience.clients." + name + ".ssl-bundle",
							bundleName, "no SSL bundles are configured", "Declare the bundle under spring.ssl.bundle.");
				}
				bundle = sslBundles.getBundle(bundleName);
			}
			DeadlineAwareRequestFactory requestFactory = new DeadlineAwareRequestFactory(
					httpClient(properties, bundle), this.executor, properties.getReadTimeout());
			if (bundleName != null && sslBundles != null) {
				sslBundles.addBundleUpdateHandler(bundleName,
						(updated) -> requestFactory.replace(httpClient(properties, updated)));
			}
			RestClient.Builder named = boots.clone().requestFactory(requestFactory);
			customizers.forEach((customizer) -> customizer.customize(name, named));
			// last: it repeats the rest of the chain, which then is only the request itself
			named.requestInterceptor(new ResilientRequestInterceptor(policy, deadlineHeader));
			if (properties.getBaseUrl() != null) {
				named.baseUrl(properties.getBaseUrl());
			}
			this.clients.put(name, named.build());
		}
	}

	private HttpClient httpClient(ClientPolicyProperties properties, @Nullable SslBundle bundle) {
		HttpClient.Builder client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.getConnectTimeout())
			.executor(this.executor);
		if (bundle != null) {
			client.sslContext(bundle.createSslContext());
		}
		return client.build();
	}

	/**
	 * @param name a name under {@code bulwark.resilience.clients}
	 * @return its client
	 * @throws IllegalArgumentException for a name that is not configured
	 */
	public RestClient get(String name) {
		RestClient client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException("No client named '" + name + "': declare it under bulwark.resilience.clients."
					+ name + " (known: " + this.clients.keySet() + ")");
		}
		return client;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
