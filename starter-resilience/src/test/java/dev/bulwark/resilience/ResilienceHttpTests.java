package dev.bulwark.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;
import dev.bulwark.test.fault.FaultyHttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.bulwark.test.fault.FaultyHttpServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service calling a faulty dependency, over real HTTP on both sides: the caller's deadline reaches the
 * dependency, a spent deadline is a 504 problem, an open circuit a 503 problem, and a degradable endpoint answers
 * from its fallback.
 */
@SpringBootTest(classes = ResilienceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.clients.backend.read-timeout=2s",
				"bulwark.resilience.clients.backend.retry.max-attempts=1",
				"bulwark.resilience.clients.backend.circuit-breaker.wait-duration-in-open-state=30s" })
class ResilienceHttpTests {

	private static final FaultyHttpServer backend = start();

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	@DynamicPropertySource
	static void backendUrl(DynamicPropertyRegistry registry) {
		registry.add("bulwark.resilience.clients.backend.base-url", backend::url);
	}

	@AfterAll
	static void stop() throws IOException {
		backend.close();
	}

	@BeforeEach
	void closeCircuit() {
		this.circuitBreakers.circuitBreaker("backend").transitionToClosedState();
	}

	@Test
	void callersBudgetReachesTheDependency() throws Exception {
		backend.then(ok());
		HttpResponse<String> response = get("/call", "1500");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Long.parseLong(backend.requests().getLast().header("X-Request-Timeout"))).isBetween(1L, 1500L);
	}

	@Test
	void spentDeadlineIsAGatewayTimeoutProblem() throws Exception {
		backend.then(new FaultyHttpServer.Hang());
		HttpResponse<String> response = get("/call", "300");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":504").doesNotContain("backend").doesNotContain("Exception");
	}

	@Test
	void unreachableDependencyIsAnUnavailableProblem() throws Exception {
		HttpResponse<String> response;
		backend.otherwise(new FaultyHttpServer.Reset());
		try {
			response = get("/call", null);
		}
		finally {
			backend.otherwise(ok());
		}
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("127.0.0.1");
	}

	@Test
	void openCircuitIsAnUnavailableProblemWithRetryAfter() throws Exception {
		this.circuitBreakers.circuitBreaker("backend").transitionToOpenState();
		int before = backend.requests().size();
		HttpResponse<String> response = get("/call", null);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(response.body()).contains("\"status\":503").doesNotContain("backend");
		assertThat(backend.requests()).hasSize(before);
	}

	@Test
	void degradableEndpointAnswersFromItsFallbackWhileTheCircuitIsOpen() throws Exception {
		backend.then(ok());
		assertThat(get("/degradable", null).body()).contains("\"degraded\":false");
		this.circuitBreakers.circuitBreaker("backend").transitionToOpenState();
		HttpResponse<String> degraded = get("/degradable", null);
		assertThat(degraded.statusCode()).isEqualTo(200);
		assertThat(degraded.body()).contains("\"degraded\":true").contains("cached");
	}

	private HttpResponse<String> get(String path, String budget) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (budget != null) {
			request.header("X-Request-Timeout", budget);
		}
		return client.send(request.build(), BodyHandlers.ofString());
	}

	private static FaultyHttpServer start() {
		try {
			return new FaultyHttpServer();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
