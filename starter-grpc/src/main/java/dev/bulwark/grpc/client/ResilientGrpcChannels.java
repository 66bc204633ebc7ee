package dev.bulwark.grpc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.resilience.policy.ClientPolicyFactory;

import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * The channels of the named clients in {@code bulwark.grpc.clients}, made when this bean is created by Spring gRPC's
 * {@link GrpcChannelFactory} (which also shuts them down) with the client's deadline, retry policy and circuit breaker.
 * A channel connects on its first call; every client's properties and target are checked here, so that a mistake
 * stops the start, not a call.
 *
 * <pre>{@code
 * OrderServiceGrpc.OrderServiceBlockingStub orders = OrderServiceGrpc.newBlockingStub(channels.channel("orders"));
 * }</pre>
 */
public class ResilientGrpcChannels {

	private final Map<String, GrpcClientsProperties.Client> clients;

	private final GrpcChannelFactory factory;

	private final CircuitBreakerRegistry circuitBreakers;

	private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

	public ResilientGrpcChannels(GrpcClientsProperties properties, GrpcChannelFactory factory,
			CircuitBreakerRegistry circuitBreakers) {
		this.clients = Map.copyOf(properties.getClients());
		this.factory = factory;
		this.circuitBreakers = circuitBreakers;
		this.clients.forEach(ResilientGrpcChannels::validate);
		this.clients.forEach((name, client) -> this.channels.put(name, create(name, client)));
	}

	/**
	 * @return the names of the configured clients
	 */
	public Set<String> names() {
		return this.clients.keySet();
	}

	/**
	 * @param name a client's name in {@code bulwark.grpc.clients}
	 * @return its channel
	 * @throws IllegalArgumentException when no client has that name
	 */
	public ManagedChannel channel(String name) {
		GrpcClientsProperties.Client client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException("No gRPC client '" + name + "'; configure bulwark.grpc.clients." + name
					+ ".address (configured: " + this.clients.keySet() + ")");
		}
		return this.channels.get(name);
	}

	@SuppressWarnings("unchecked")
	private ManagedChannel create(String name, GrpcClientsProperties.Client client) {
		List<ClientInterceptor> interceptors = new ArrayList<>();
		interceptors.add(new DeadlineClientInterceptor(client.getDeadline()));
		if (client.getCircuitBreaker().isEnabled()) {
			interceptors.add(new CircuitBreakerClientInterceptor(this.circuitBreakers.circuitBreaker("grpc-" + name,
					ClientPolicyFactory.circuitBreakerConfig(client.getCircuitBreaker()))));
		}
		Map<String, ?> serviceConfig = serviceConfig(client.getRetry());
		@SuppressWarnings({ "rawtypes", "unchecked" })
		GrpcChannelBuilderCustomizer customizer = (target, builder) -> configure((ManagedChannelBuilder<?>) builder,
				serviceConfig);
		ChannelBuilderOptions options = ChannelBuilderOptions.defaults()
			.withInterceptors(interceptors)
			.withCustomizer(customizer);
		return this.factory.createChannel(client.getAddress(), options);
	}

	private static void configure(ManagedChannelBuilder<?> builder, Map<String, ?> serviceConfig) {
		if (serviceConfig.isEmpty()) {
			builder.disableRetry();
		}
		else {
			builder.defaultServiceConfig(serviceConfig).enableRetry();
		}
	}

	/**
	 * The service config (gRFC A6) of a retry policy that applies to every method of the channel.
	 * @param retry the retry properties
	 * @return the service config, empty when retries are off
	 */
	static Map<String, ?> serviceConfig(GrpcClientsProperties.Retry retry) {
		if (retry.getMaxAttempts() <= 1) {
			return Map.of();
		}
		Map<String, Object> policy = Map.of("maxAttempts", (double) retry.getMaxAttempts(), "initialBackoff",
				seconds(retry.getInitialBackoff()), "maxBackoff", seconds(retry.getMaxBackoff()), "backoffMultiplier",
				retry.getBackoffMultiplier(), "retryableStatusCodes",
				retry.getRetryableStatusCodes().stream().map((code) -> code.toUpperCase(Locale.ROOT)).toList());
		return Map.of("methodConfig", List.of(Map.of("name", List.of(Map.of()), "retryPolicy", policy)));
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.9fs", duration.toNanos() / 1e9);
	}

	private static void validate(String name, GrpcClientsProperties.Client client) {
		String prefix = "bulwark.grpc.clients." + name + ".";
		if (client.getAddress() == null || client.getAddress().isBlank()) {
			throw new InvalidBulwarkPropertyException(prefix + "address", client.getAddress(),
					"a named gRPC client needs the address of its service",
					"Set it to a target such as static://inventory:9090 or dns:///inventory:9090.");
		}
		if (!client.getDeadline().isPositive()) {
			throw new InvalidBulwarkPropertyException(prefix + "deadline", client.getDeadline(),
					"a deadline must be positive", "Set a duration such as 2s.");
		}
		GrpcClientsProperties.Retry retry = client.getRetry();
		if (retry.getMaxAttempts() < 1) {
			throw new InvalidBulwarkPropertyException(prefix + "retry.max-attempts", retry.getMaxAttempts(),
					"at least one attempt is needed", "Set 1 for no retries, or up to 5.");
		}
		if (retry.getMaxAttempts() > 1 && (!retry.getInitialBackoff().isPositive()
				|| !retry.getMaxBackoff().isPositive() || retry.getBackoffMultiplier() <= 0)) {
			throw new InvalidBulwarkPropertyException(prefix + "retry", retry.getInitialBackoff(),
					"backoffs and the multiplier must be positive", "Set durations such as 100ms and 1s.");
		}
		for (String code : retry.getRetryableStatusCodes()) {
			try {
				Status.Code.valueOf(code.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBulwarkPropertyException(prefix + "retry.retryable-status-codes", code,
						"not a gRPC status code", "Use names such as UNAVAILABLE or RESOURCE_EXHAUSTED.");
			}
		}
	}

}
