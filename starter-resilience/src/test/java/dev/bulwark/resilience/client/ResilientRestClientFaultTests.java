package dev.bulwark.resilience.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.resilience4j.bulkhead.BulkheadFullException;
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
import dev.bulwark.core.correlation.CorrelationIdRestClientInterceptor;
import dev.bulwark.test.fault.FaultyHttpServer;
import dev.bulwark.test.fault.FaultyHttpServer.Fault;
import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.DeadlineExceededException;
import dev.bulwark.resilience.deadline.Deadlines;
import dev.bulwark.resilience.policy.ClientPolicyFactory;
import dev.bulwark.resilience.policy.ClientPolicyProperties;
import dev.bulwark.resilience.policy.ResiliencePolicies;
import dev.bulwark.resilience.policy.ResilienceProperties;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static dev.bulwark.test.fault.FaultyHttpServer.ok;
import static dev.bulwark.test.fault.FaultyHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Named clients against a real HTTP server that injects faults.
 */
class ResilientRestClientFaultTests {

	private final FaultyHttpServer server = start();

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	static Stream<Arguments> retries() {
		return Stream.of(
				Arguments.of("GET recovers after two 500s", HttpMethod.GET, false,
						List.of(status(500), status(500), ok()), 200, 3),
				Arguments.of("GET stops at the attempt limit", HttpMethod.GET, false,
						List.of(status(500), status(500), status(500), ok()), 500, 3),
				Arguments.of("PUT retries 502 and 504", HttpMethod.PUT, false, List.of(status(502), status(504), ok()),
						200, 3),
				Arguments.of("POST is not retried", HttpMethod.POST, false, List.of(status(500), ok()), 500, 1),
				Arguments.of("POST with Idempotency-Key is retried", HttpMethod.POST, true, List.of(status(500), ok()),
						200, 2),
				Arguments.of("400 is not retried", HttpMethod.GET, false, List.of(status(400), ok()), 400, 1),
				Arguments.of("501 is not retried", HttpMethod.GET, false, List.of(status(501), ok()), 501, 1),
				Arguments.of("429 honours Retry-After", HttpMethod.GET, false,
						List.of(status(429, "Retry-After", "0"), ok()), 200, 2),
				Arguments.of("503 honours Retry-After", HttpMethod.GET, false,
						List.of(status(503, "Retry-After", "1"), ok()), 200, 2),
				Arguments.of("503 asking for too long a wait is not retried", HttpMethod.GET, false,
						List.of(status(503, "Retry-After", "120"), ok()), 503, 1),
				Arguments.of("connection reset is retried", HttpMethod.GET, false,
						List.of(new FaultyHttpServer.Reset(), ok()), 200, 2));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("retries")
	void retriesStopAtTheLimitAndOnlyWhereAllowed(String name, HttpMethod method, boolean idempotencyKey,
			List<Fault> faults, int expectedStatus, int expectedAttempts) {
		this.server.then(faults.toArray(Fault[]::new));
		RestClient client = client((policy) -> {
		});
		int status = client.method(method)
			.uri("/resource")
			.headers((headers) -> {
				if (idempotencyKey) {
					headers.set("Idempotency-Key", "key-1");
				}
			})
			.retrieve()
			.onStatus((code) -> true, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value();
		assertThat(status).isEqualTo(expectedStatus);
		assertThat(this.server.requests()).hasSize(expectedAttempts);
	}

	@Test
	void resetOnEveryAttemptEndsWithTheFailureAfterTheLastAttempt() {
		this.server.otherwise(new FaultyHttpServer.Reset());
		RestClient client = client((policy) -> {
		});
		assertThatExceptionOfType(org.springframework.web.client.ResourceAccessException.class)
			.isThrownBy(() -> statusOf(client));
		// three attempts of Bulwark's (the JDK client may itself retry a reset connection once per attempt)
		assertThat(this.server.requests()).hasSizeBetween(3, 6);
	}

	@Test
	void hangingDependencyCostsNoMoreThanTheDeadline() {
		this.server.otherwise(new FaultyHttpServer.Hang());
		RestClient client = client((policy) -> {
			policy.setReadTimeout(Duration.ofMillis(300));
			policy.setDeadline(Duration.ofMillis(500));
		});
		assertThatExceptionOfType(DeadlineExceededException.class)
			.isThrownBy(() -> client.get().uri("/hang").retrieve().toBodilessEntity());
		// the second attempt only gets what is left of 500 ms: the budget, not the attempt limit, ends the call
		assertThat(this.server.requests()).hasSize(2);
		assertThat(Long.parseLong(this.server.requests().get(1).header("X-Request-Timeout"))).isLessThan(300);
	}

	@Test
	void slowBodyIsCutOffByTheTimeout() {
		this.server.otherwise(new FaultyHttpServer.SlowBody(Duration.ofMillis(50)));
		RestClient client = client((policy) -> {
			policy.setReadTimeout(Duration.ofMillis(300));
			policy.setDeadline(Duration.ofMillis(1000));
			policy.getRetry().setMaxAttempts(1);
		});
		Throwable failure = catchThrowable(() -> client.get().uri("/slow").retrieve().body(String.class));
		assertThat(failure).isNotNull();
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void remainingBudgetReachesTheDownstream() {
		this.server.otherwise(ok());
		RestClient client = client((policy) -> {
			policy.setDeadline(Duration.ofSeconds(2));
			policy.setReadTimeout(Duration.ofSeconds(1));
		});
		client.get().uri("/budget").retrieve().toBodilessEntity();
		try (Deadlines.Scope scope = Deadlines.open(Deadline.after(Duration.ofMillis(500)))) {
			client.get().uri("/budget").retrieve().toBodilessEntity();
		}
		List<Long> budgets = this.server.requests()
			.stream()
			.map((request) -> Long.parseLong(request.header("X-Request-Timeout")))
			.toList();
		assertThat(budgets.get(0)).as("what one attempt waits: the read timeout").isBetween(1L, 1000L);
		assertThat(budgets.get(1)).as("capped by the caller's deadline").isBetween(1L, 500L);
	}

	@Test
	void callersDeadlineStopsRetries() {
		this.server.otherwise(new FaultyHttpServer.Hang());
		RestClient client = client((policy) -> policy.setReadTimeout(Duration.ofSeconds(5)));
		try (Deadlines.Scope scope = Deadlines.open(Deadline.after(Duration.ofMillis(300)))) {
			assertThatExceptionOfType(DeadlineExceededException.class)
				.isThrownBy(() -> client.get().uri("/hang").retrieve().toBodilessEntity());
		}
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void circuitOpensFailsFastHalfOpensAndCloses() {
		RestClient client = client((policy) -> {
			policy.getRetry().setMaxAttempts(1);
			policy.getCircuitBreaker().setMinimumNumberOfCalls(4);
			policy.getCircuitBreaker().setSlidingWindowSize(4);
			policy.getCircuitBreaker().setWaitDurationInOpenState(Duration.ofMillis(200));
			policy.getCircuitBreaker().setPermittedCallsInHalfOpenState(2);
		});
		CircuitBreaker circuitBreaker = this.circuitBreakers.circuitBreaker("dependency");
		this.server.otherwise(status(500));
		for (int i = 0; i < 4; i++) {
			assertThat(statusOf(client)).isEqualTo(500);
		}
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		assertThatExceptionOfType(CallNotPermittedException.class).isThrownBy(() -> statusOf(client));
		assertThat(this.server.requests()).as("an open circuit sends nothing").hasSize(4);

		this.server.otherwise(ok());
		await().atMost(Duration.ofSeconds(5)).ignoreException(CallNotPermittedException.class)
			.until(() -> statusOf(client) == 200);
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(statusOf(client)).isEqualTo(200);
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void retriesCountOnceTowardsTheCircuit() {
		RestClient client = client((policy) -> policy.getCircuitBreaker().setMinimumNumberOfCalls(100));
		this.server.then(status(500), status(500), ok());
		assertThat(statusOf(client)).isEqualTo(200);
		CircuitBreaker.Metrics metrics = this.circuitBreakers.circuitBreaker("dependency").getMetrics();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
	}

	@Test
	void bulkheadRejectsCallsOverItsLimit() throws Exception {
		this.server.otherwise(new FaultyHttpServer.Hang());
		RestClient client = client((policy) -> {
			policy.getBulkhead().setMaxConcurrentCalls(2);
			policy.setReadTimeout(Duration.ofSeconds(10));
			policy.setDeadline(Duration.ofSeconds(10));
			policy.getRetry().setMaxAttempts(1);
		});
		List<CompletableFuture<Throwable>> running = List.of(
				CompletableFuture.supplyAsync(() -> catchThrowable(() -> statusOf(client))),
				CompletableFuture.supplyAsync(() -> catchThrowable(() -> statusOf(client))));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.inFlight() == 2);

		assertThatExceptionOfType(BulkheadFullException.class).isThrownBy(() -> statusOf(client));
		assertThat(this.server.requests()).hasSize(2);
		this.server.close();
		running.forEach(CompletableFuture::join);
	}

	@Test
	void correlationIdArrivesOnEveryAttemptFromTheCallersThread() {
		this.server.then(status(503), status(500), ok());
		CorrelationIdProperties correlation = new CorrelationIdProperties();
		RestClient client = client((policy) -> {
		}, RestClient.builder().requestInterceptor(new CorrelationIdRestClientInterceptor(correlation)));
		MDC.put(correlation.getMdcKey(), "ctx-42");
		try {
			assertThat(statusOf(client)).isEqualTo(200);
		}
		finally {
			MDC.remove(correlation.getMdcKey());
		}
		assertThat(this.server.requests()).hasSize(3)
			.allSatisfy((request) -> assertThat(request.header("X-Request-Id")).isEqualTo("ctx-42"));
	}

	private int statusOf(RestClient client) {
		return client.get()
			.uri("/resource")
			.retrieve()
			.onStatus((code) -> true, (request, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

	private RestClient client(Consumer<ClientPolicyProperties> customizer) {
		return client(customizer, RestClient.builder());
	}

	private RestClient client(Consumer<ClientPolicyProperties> customizer, RestClient.Builder builder) {
		ClientPolicyProperties policy = new ClientPolicyProperties();
		policy.setBaseUrl(java.net.URI.create(this.server.url()));
		policy.getRetry().setInitialBackoff(Duration.ofMillis(10));
		policy.getRetry().setMaxBackoff(Duration.ofMillis(50));
		policy.setDeadline(Duration.ofSeconds(5));
		customizer.accept(policy);
		ResilienceProperties properties = new ResilienceProperties();
		properties.getClients().put("dependency", policy);
		ResiliencePolicies policies = new ResiliencePolicies(ClientPolicyFactory.create(properties,
				this.circuitBreakers, BulkheadRegistry.ofDefaults(), new SimpleMeterRegistry()));
		return new ResilientRestClients(policies, builder, "X-Request-Timeout").get("dependency");
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
