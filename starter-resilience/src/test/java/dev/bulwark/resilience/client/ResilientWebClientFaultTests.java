package dev.bulwark.resilience.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.correlation.CorrelationIdWebClientFilter;
import dev.bulwark.test.fault.FaultyHttpServer;
import dev.bulwark.test.fault.FaultyHttpServer.Fault;
import dev.bulwark.resilience.deadline.DeadlineExceededException;
import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;
import dev.bulwark.resilience.policy.ResilienceProperties;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.bulwark.test.fault.FaultyHttpServer.ok;
import static dev.bulwark.test.fault.FaultyHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The same policies on a named WebClient, against the real faulty HTTP server.
 */
class ResilientWebClientFaultTests {

	private final FaultyHttpServer server = start();

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	static Stream<Arguments> retries() {
		return Stream.of(
				Arguments.of("GET recovers after two 500s", HttpMethod.GET, List.of(status(500), status(500), ok()), 200,
						3),
				Arguments.of("GET stops at the attempt limit", HttpMethod.GET,
						List.of(status(503), status(503), status(503), ok()), 503, 3),
				Arguments.of("POST is not retried", HttpMethod.POST, List.of(status(500), ok()), 500, 1),
				Arguments.of("429 honours Retry-After", HttpMethod.GET, List.of(status(429, "Retry-After", "0"), ok()),
						200, 2));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("retries")
	void retriesStopAtTheLimitAndOnlyWhereAllowed(String name, HttpMethod method, List<Fault> faults,
			int expectedStatus, int expectedAttempts) {
		this.server.then(faults.toArray(Fault[]::new));
		int status = client((policy) -> {
		}, WebClient.builder()).method(method)
			.uri("/resource")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block();
		assertThat(status).isEqualTo(expectedStatus);
		assertThat(this.server.requests()).hasSize(expectedAttempts);
	}

	@Test
	void hangingDependencyEndsAtTheDeadline() {
		this.server.otherwise(new FaultyHttpServer.Hang());
		WebClient client = client((policy) -> {
			policy.setReadTimeout(Duration.ofMillis(300));
			policy.setDeadline(Duration.ofMillis(500));
		}, WebClient.builder());
		assertThatExceptionOfType(DeadlineExceededException.class)
			.isThrownBy(() -> client.get().uri("/hang").retrieve().toBodilessEntity().block());
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void openCircuitFailsFastWithoutCallingTheDependency() {
		WebClient client = client((policy) -> policy.getRetry().setMaxAttempts(1), WebClient.builder());
		this.circuitBreakers.circuitBreaker("dependency").transitionToOpenState();
		assertThatExceptionOfType(CallNotPermittedException.class)
			.isThrownBy(() -> client.get().uri("/resource").retrieve().toBodilessEntity().block());
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.circuitBreakers.circuitBreaker("dependency").getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void correlationIdArrivesOnEveryAttempt() {
		this.server.then(status(500), ok());
		CorrelationIdProperties correlation = new CorrelationIdProperties();
		WebClient client = client((policy) -> {
		}, WebClient.builder().filter(new CorrelationIdWebClientFilter(correlation)));
		MDC.put(correlation.getMdcKey(), "ctx-web");
		try {
			client.get().uri("/resource").retrieve().toBodilessEntity().block();
		}
		finally {
			MDC.remove(correlation.getMdcKey());
		}
		assertThat(this.server.requests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.header("X-Request-Id")).isEqualTo("ctx-web"))
			.allSatisfy((request) -> assertThat(request.header("X-Request-Timeout")).isNotBlank());
	}

	private WebClient client(Consumer<ClientPolicyProperties> customizer, WebClient.Builder builder) {
		ClientPolicyProperties policy = new ClientPolicyProperties();
		policy.setBaseUrl(URI.create(this.server.url()));
		policy.getRetry().setInitialBackoff(Duration.ofMillis(10));
		policy.getRetry().setMaxBackoff(Duration.ofMillis(50));
		customizer.accept(policy);
		ResilienceProperties properties = new ResilienceProperties();
		properties.getClients().put("dependency", policy);
		ResiliencePolicies policies = new ResiliencePolicies(ClientPolicyFactory.create(properties,
				this.circuitBreakers, BulkheadRegistry.ofDefaults(), new SimpleMeterRegistry()));
		return new ResilientWebClients(policies, builder, "X-Request-Timeout").get("dependency");
	}

	private static FaultyHttpServer start() {
		try {
			return new FaultyHttpServer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
