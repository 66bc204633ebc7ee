package dev.bulwark.security.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.resilience.ResilienceAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named clients carry bearer tokens: the service's own from a real local token endpoint, fetched once for many
 * concurrent calls, or the caller's relayed.
 */
class ClientTokensTests {

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final List<String> tokenRequestBodies = new CopyOnWriteArrayList<>();

	private final List<String> downstreamAuthorizations = new CopyOnWriteArrayList<>();

	private final HttpServer server = start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, ResilienceAutoConfiguration.class,
				ClientTokensAutoConfiguration.class))
		.withPropertyValues("bulwark.resilience.clients.downstream.base-url=" + url(""));

	@AfterEach
	void stop() {
		this.server.stop(0);
		SecurityContextHolder.clearContext();
	}

	@Test
	void manyConcurrentCallsShareOneClientCredentialsToken() {
		this.runner
			.withPropertyValues("bulwark.security.clients.downstream.token=client-credentials",
					"bulwark.security.clients.downstream.token-uri=" + url("/oauth2/token"),
					"bulwark.security.clients.downstream.client-id=orders",
					"bulwark.security.clients.downstream.client-secret=s3cret",
					"bulwark.security.clients.downstream.scope=inventory:read",
					"bulwark.resilience.clients.downstream.bulkhead.max-concurrent-calls=100")
			.run((context) -> {
				RestClient client = context.getBean("downstreamRestClient", RestClient.class);
				try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
					List<Future<String>> calls = new java.util.ArrayList<>();
					for (int i = 0; i < 50; i++) {
						calls.add(executor.submit(() -> client.get().uri("/api/stock").retrieve().body(String.class)));
					}
					for (Future<String> call : calls) {
						assertThat(call.get()).isEqualTo("ok");
					}
				}
				assertThat(this.tokenRequests).hasValue(1);
				assertThat(this.tokenRequestBodies.getFirst()).contains("grant_type=client_credentials")
					.contains("scope=inventory%3Aread");
				assertThat(this.downstreamAuthorizations).hasSize(50).containsOnly("Bearer service-token-1");
			});
	}

	@Test
	void callersTokenIsRelayed() {
		this.runner.withPropertyValues("bulwark.security.clients.downstream.token=relay").run((context) -> {
			Jwt jwt = Jwt.withTokenValue("callers-token")
				.header("alg", "RS256")
				.subject("alice")
				.issuedAt(Instant.now())
				.expiresAt(Instant.now().plusSeconds(60))
				.build();
			SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
			context.getBean("downstreamRestClient", RestClient.class).get().uri("/api/stock").retrieve().body(String.class);
			assertThat(this.downstreamAuthorizations).containsExactly("Bearer callers-token");
			assertThat(this.tokenRequests).hasValue(0);
		});
	}

	@Test
	void missingSecretFailsAtStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("bulwark.security.clients.downstream.token=client-credentials",
					"bulwark.security.clients.downstream.token-uri=" + url("/oauth2/token"),
					"bulwark.security.clients.downstream.client-id=orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.security.clients.downstream.client-secret"));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/oauth2/token", (exchange) -> {
				int number = this.tokenRequests.incrementAndGet();
				this.tokenRequestBodies
					.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				boolean authenticated = ("Basic " + java.util.Base64.getEncoder()
					.encodeToString("orders:s3cret".getBytes(StandardCharsets.UTF_8)))
					.equals(exchange.getRequestHeaders().getFirst("Authorization"));
				byte[] body = (authenticated
						? "{\"access_token\":\"service-token-" + number + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"
						: "{\"error\":\"invalid_client\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(authenticated ? 200 : 401, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.createContext("/api/stock", (exchange) -> {
				String authorization = exchange.getRequestHeaders().getFirst("Authorization");
				this.downstreamAuthorizations.add(String.valueOf(authorization));
				byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
