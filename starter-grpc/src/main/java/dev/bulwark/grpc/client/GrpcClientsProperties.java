package dev.bulwark.grpc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.bulwark.resilience.policy.ClientPolicyProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Named gRPC clients: {@code bulwark.grpc.clients.<name>.*}. A channel is made by Spring gRPC's channel factory (so
 * TLS, keep-alive and the global interceptors stay Spring gRPC's), with Bulwark's deadline, retry policy and circuit
 * breaker added.
 */
@ConfigurationProperties("bulwark.grpc")
public class GrpcClientsProperties {

	/**
	 * Named clients, by name.
	 */
	private Map<String, Client> clients = new LinkedHashMap<>();

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Client> clients) {
		this.clients = clients;
	}

	/**
	 * One downstream gRPC service.
	 */
	public static class Client {

		/**
		 * Target of the channel, such as static://inventory:9090, dns:///inventory:9090 or in-process:name.
		 */
		private @Nullable String address;

		/**
		 * Deadline of each call that sets none; the deadline of the request being served caps it.
		 */
		private Duration deadline = Duration.ofSeconds(5);

		/**
		 * Retries, done by gRPC itself from the channel's service config.
		 */
		private final Retry retry = new Retry();

		/**
		 * Circuit breaker over the calls' final outcomes (after retries).
		 */
		private final ClientPolicyProperties.CircuitBreaker circuitBreaker = new ClientPolicyProperties.CircuitBreaker();

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public ClientPolicyProperties.CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

	}

	/**
	 * A gRPC retry policy (gRFC A6): exponential backoff with full jitter, done by the channel.
	 */
	public static class Retry {

		/**
		 * Attempts in all, the first included; 1 turns retries off. gRPC caps it at 5.
		 */
		private int maxAttempts = 3;

		/**
		 * Upper bound of the first backoff.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Upper bound of any backoff.
		 */
		private Duration maxBackoff = Duration.ofSeconds(1);

		/**
		 * Growth of the backoff bound per attempt.
		 */
		private double backoffMultiplier = 2;

		/**
		 * Status codes that are retried; only codes that mean the call had no effect belong here.
		 */
		private List<String> retryableStatusCodes = new ArrayList<>(List.of("UNAVAILABLE"));

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public List<String> getRetryableStatusCodes() {
			return this.retryableStatusCodes;
		}

		public void setRetryableStatusCodes(List<String> retryableStatusCodes) {
			this.retryableStatusCodes = retryableStatusCodes;
		}

	}

}
