package dev.bulwark.resilience.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;
import dev.bulwark.test.fault.TcpFaultProxy;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Redis (127.0.0.1:6379) behind a TCP proxy that starts to hang: every request is still served (the limiter
 * fails open), the store's circuit breaker opens so that Redis is not asked again while it hangs, every request let
 * through is counted, and the limiter decides again once Redis answers.
 */
class RedisOutageRateLimitTests {

	private final String prefix = "bulwark:test:" + UUID.randomUUID() + ":";

	@Test
	void aHangingRedisIsAskedNoMoreOnceItsBreakerOpensAndIsUsedAgainWhenItAnswers() throws Exception {
		try (TcpFaultProxy redis = TcpFaultProxy.to(6379);
				ConfigurableApplicationContext context = start(redis.port());
				HttpClient client = HttpClient.newHttpClient()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RedisRateLimitStore store = context.getBean(RedisRateLimitStore.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(ping(client, port)).isEqualTo(200);
			assertThat(store.failOpenCount()).as("a decision made by Redis").isZero();

			redis.blackhole();
			for (int i = 0; i < 10; i++) {
				assertThat(ping(client, port)).as("served while Redis hangs").isEqualTo(200);
			}
			assertThat(store.getCircuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			long asked = redis.bytesFromClients();
			for (int i = 0; i < 20; i++) {
				assertThat(ping(client, port)).isEqualTo(200);
			}
			assertThat(redis.bytesFromClients()).as("Redis not asked while the breaker is open").isEqualTo(asked);
			assertThat(store.failOpenCount()).isGreaterThanOrEqualTo(30);
			assertThat(meters.get("bulwark.resilience.rate.limit.store.fail.open").functionCounter().count())
				.isEqualTo(store.failOpenCount());

			redis.restore();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				long before = store.failOpenCount();
				return ping(client, port) == 200 && store.failOpenCount() == before;
			});
			assertThat(store.getCircuitBreaker().getState()).isNotEqualTo(CircuitBreaker.State.OPEN);
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.delete(template.keys(this.prefix + "*"));
		}
	}

	private ConfigurableApplicationContext start(int redisPort) {
		return new SpringApplicationBuilder(ResilienceTestApplication.class).properties("server.port=0",
				"bulwark.resilience.clients.backend.base-url=http://127.0.0.1:9", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redisPort, "bulwark.resilience.rate-limit.store=redis",
				"bulwark.resilience.rate-limit.redis-key-prefix=" + this.prefix,
				"bulwark.resilience.rate-limit.rules[0].paths=/ping",
				"bulwark.resilience.rate-limit.rules[0].requests-per-second=1000",
				"bulwark.resilience.rate-limit.rules[0].burst=1000", "bulwark.resilience.rate-limit.rules[0].key=api-key")
			.run();
	}

	private static int ping(HttpClient client, int port) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
			.header("X-Api-Key", "outage-client")
			.build(), BodyHandlers.discarding()).statusCode();
	}

}
