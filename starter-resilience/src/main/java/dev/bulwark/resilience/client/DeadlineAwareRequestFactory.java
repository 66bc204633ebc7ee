package dev.bulwark.resilience.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Creates requests on one pooled JDK {@link HttpClient} per named client, each with a timeout of the configured read
 * timeout or the attempt's remaining budget, whichever is shorter. The timeout covers the whole exchange, the
 * response body included, so a dependency that hangs or drips its body costs no more than the budget.
 */
final class DeadlineAwareRequestFactory implements ClientHttpRequestFactory {

	private final AtomicReference<HttpClient> httpClient;

	private final Executor executor;

	private final Duration readTimeout;

	DeadlineAwareRequestFactory(HttpClient httpClient, Executor executor, Duration readTimeout) {
		this.httpClient = new AtomicReference<>(httpClient);
		this.executor = executor;
		this.readTimeout = readTimeout;
	}

	/**
	 * Sends later requests through another client, such as one with renewed certificates.
	 * @param replacement the new client
	 */
	void replace(HttpClient replacement) {
		this.httpClient.set(replacement);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		Duration budget = AttemptBudget.current();
		Duration timeout = (budget != null && budget.compareTo(this.readTimeout) < 0) ? budget : this.readTimeout;
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(this.httpClient.get(), this.executor);
		factory.setReadTimeout(timeout.isPositive() ? timeout : Duration.ofMillis(1));
		return factory.createRequest(uri, httpMethod);
	}

}
