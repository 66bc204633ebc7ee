package dev.bulwark.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.orders.grpc.v1.GetOrderRequest;
import dev.bulwark.sample.orders.grpc.v1.OrderServiceGrpc;
import dev.bulwark.test.jwt.TestAuthorizationServer;
import dev.bulwark.test.jwt.TestAuthorizationServer.Client;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample against a real identity provider, Spring Authorization Server, configured as production would be:
 * nothing but the issuer URI (keys found by discovery) and the audience. Client-credentials tokens, their scopes and
 * audiences, customers' orders, the provider down before the first token and during a key rotation: no answer is a
 * 5xx, and a token signed by a removed key is refused once the key set is fetched again, cached or not.
 */
class AuthorizationServerTests {

	private static final String AUDIENCE = "orders-api";

	private static final TestAuthorizationServer provider = TestAuthorizationServer.start(
			Client.of("shop-a", AUDIENCE, "orders:read", "orders:write"),
			Client.of("shop-b", AUDIENCE, "orders:read", "orders:write"),
			Client.of("back-office", AUDIENCE, "orders:read", "orders:admin"),
			Client.of("billing", "billing-api", "orders:read", "orders:write"));

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void scopesAudiencesAndCustomersComeFromTheProvidersTokens() throws Exception {
		provider.start();
		try (ConfigurableApplicationContext sample = sample(true)) {
			String base = base(sample);
			String shopA = provider.token("shop-a");
			HttpResponse<String> placed = send(base, "POST", "/api/orders", shopA,
					"{\"customerId\":\"shop-a\",\"items\":[{\"sku\":\"SAS-1\",\"quantity\":1}]}");
			assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
			String order = URI.create(placed.headers().firstValue("Location").orElseThrow()).getPath();

			assertThat(send(base, "GET", order, shopA, null).statusCode()).isEqualTo(200);
			assertThat(send(base, "GET", order, provider.token("shop-b"), null).statusCode()).isEqualTo(404);
			assertThat(send(base, "GET", order, provider.token("back-office"), null).statusCode()).isEqualTo(200);
			assertThat(send(base, "POST", "/api/orders", provider.token("shop-a", "orders:read"),
					"{\"customerId\":\"shop-a\",\"items\":[{\"sku\":\"SAS-1\",\"quantity\":1}]}").statusCode())
				.as("a token without orders:write")
				.isEqualTo(403);
			assertThat(send(base, "GET", order, provider.token("billing"), null).statusCode())
				.as("a token the provider issued for another API")
				.isEqualTo(401);
			assertThat(send(base, "GET", order, null, null).statusCode()).isEqualTo(401);
		}
	}

	@ParameterizedTest(name = "validated-token cache on: {0}")
	@ValueSource(booleans = { true, false })
	void providerDownBeforeTheFirstTokenAndDuringARotationIsNever5xx(boolean cache) throws Exception {
		provider.start();
		String first = provider.token("shop-a");
		provider.stop();
		try (ConfigurableApplicationContext sample = sample(cache)) {
			String base = base(sample);
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				HttpResponse<String> refused = send(base, "GET", "/api/orders", first, null);
				statuses.add(refused.statusCode());
				assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			}
			statuses.add(send(base, "GET", "/api/orders", "garbage-token", null).statusCode());
			assertThat(statuses).as("the provider down before the first token").containsOnly(401);
			assertThat(grpcStatus(sample, first)).as("over gRPC: retry later").isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(grpcStatus(sample, "garbage-token")).isEqualTo(Status.Code.UNAUTHENTICATED);

			provider.start();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> send(base, "GET", "/api/orders", first, null).statusCode() == 200);

			// the provider rotates its key, and is down when the first token signed by the new key arrives
			provider.rotateKey();
			String rotated = provider.token("shop-a");
			provider.stop();
			for (int i = 0; i < 5; i++) {
				assertThat(send(base, "GET", "/api/orders", rotated, null).statusCode()).isEqualTo(401);
			}
			provider.start();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> send(base, "GET", "/api/orders", rotated, null).statusCode() == 200);
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> send(base, "GET", "/api/orders", first, null).statusCode() == 401);
			assertThat(send(base, "GET", "/api/orders", rotated, null).statusCode()).isEqualTo(200);
		}
	}

	private static Status.Code grpcStatus(ConfigurableApplicationContext sample, String token) {
		ManagedChannel channel = ManagedChannelBuilder
			.forAddress("127.0.0.1", sample.getBean(GrpcServerLifecycle.class).getPort())
			.usePlaintext()
			.build();
		try {
			Metadata headers = new Metadata();
			headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
			OrderServiceGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.getOrder(GetOrderRequest.newBuilder().setId(1).build());
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext sample(boolean cache) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"bulwark.security.jwt.jwks-cache-time=2s", "bulwark.security.jwt.jwks-min-refresh-interval=1s",
				"bulwark.security.jwt.cache-enabled=" + cache));
		provider.properties(AUDIENCE).forEach((name, value) -> properties.add(name + "=" + value));
		return new SpringApplicationBuilder(OrdersApplication.class).properties(properties.toArray(String[]::new))
			.run();
	}

	private static String base(ConfigurableApplicationContext sample) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) sample).getWebServer().getPort();
	}

	private static HttpResponse<String> send(String base, String method, String path, @Nullable String token,
			@Nullable String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), BodyHandlers.ofString());
	}

}
