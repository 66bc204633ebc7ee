package dev.bulwark.resilience.ratelimit;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a service, one Redis (the real one at 127.0.0.1:6379): one shared limit per client.
 */
class SharedRedisRateLimitTests {

	private final String prefix = "bulwark:test:" + UUID.randomUUID() + ":";

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	@AfterEach
	void stop() {
		if (this.first != null) {
			StringRedisTemplate redis = this.first.getBean(StringRedisTemplate.class);
			redis.delete(redis.keys(this.prefix + "*"));
			this.first.close();
		}
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void twoInstancesEnforceOneLimit() throws Exception {
		this.first = start();
		this.second = start();
		int[] ports = { port(this.first), port(this.second) };
		int allowed = 0;
		try (HttpClient client = HttpClient.newHttpClient()) {
			for (int i = 0; i < 200; i++) {
				int status = client.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + ports[i % 2] + "/ping"))
					.header("X-Api-Key", "shared-client")
					.build(), BodyHandlers.discarding()).statusCode();
				if (status == 200) {
					allowed++;
				}
			}
		}
		// a bucket of 100 that refills once in a thousand seconds: 100 pass, whichever instance they reach
		assertThat(allowed).isBetween(95, 105);
	}

	@Test
	void unreachableRedisLetsRequestsThrough() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", closedPort),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		connections.afterPropertiesSet();
		try {
			RedisRateLimitStore store = new RedisRateLimitStore(new StringRedisTemplate(connections), this.prefix);
			assertThat(store.tryAcquire("client", 1, 1).allowed()).isTrue();
			assertThat(store.tryAcquire("client", 1, 1).allowed()).isTrue();
		}
		finally {
			connections.destroy();
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ResilienceTestApplication.class).properties("server.port=0",
				"bulwark.resilience.clients.backend.base-url=http://127.0.0.1:9",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
				"bulwark.resilience.rate-limit.store=redis", "bulwark.resilience.rate-limit.redis-key-prefix=" + this.prefix,
				"bulwark.resilience.rate-limit.rules[0].paths=/ping",
				"bulwark.resilience.rate-limit.rules[0].requests-per-second=0.001",
				"bulwark.resilience.rate-limit.rules[0].burst=100", "bulwark.resilience.rate-limit.rules[0].key=api-key")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
