package dev.bulwark.resilience.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import dev.bulwark.resilience.policy.ClientPolicy;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Applies a {@link ClientPolicy} to every exchange of a {@code RestClient}. Retries only idempotent methods, or
 * requests that carry an {@code Idempotency-Key}. Each attempt tells the dependency how much time it has left, in
 * the deadline header. Must be the client's last interceptor: each attempt executes the rest of the chain again,
 * which is only safe for the request itself; interceptors before it run once per call, and the headers they set
 * (correlation id, credentials) go out with every attempt.
 */
public class ResilientRequestInterceptor implements ClientHttpRequestInterceptor {

	/**
	 * The header that makes a non-idempotent request safe to retry (IETF httpapi Idempotency-Key).
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private static final HttpCallOutcomes OUTCOMES = new HttpCallOutcomes();

	private final ClientPolicy policy;

	private final String deadlineHeader;

	public ResilientRequestInterceptor(ClientPolicy policy, String deadlineHeader) {
		this.policy = policy;
		this.deadlineHeader = deadlineHeader;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		boolean retryAllowed = IDEMPOTENT.contains(request.getMethod())
				|| request.getHeaders().containsHeader(IDEMPOTENCY_KEY);
		try {
			Duration readTimeout = this.policy.getProperties().getReadTimeout();
			return this.policy.execute(retryAllowed, (number, remaining) -> {
				// the dependency is told what this attempt will wait, which is never more than the read timeout
				Duration budget = (remaining.compareTo(readTimeout) < 0) ? remaining : readTimeout;
				request.getHeaders().set(this.deadlineHeader, Long.toString(Math.max(1, budget.toMillis())));
				AttemptBudget.set(budget);
				try {
					return execution.execute(request, body);
				}
				finally {
					AttemptBudget.clear();
				}
			}, OUTCOMES);
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting to retry '" + this.policy.getName() + "'", ex);
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

}
