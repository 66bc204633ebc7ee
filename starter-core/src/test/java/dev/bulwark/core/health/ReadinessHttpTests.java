package dev.bulwark.core.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.bulwark.core.testapp.CoreTestApplication;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /ready} follows the database, not a cache or a broker the service degrades around: those stay visible in
 * {@code /actuator/health}.
 */
@SpringBootTest(classes = CoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-components=always")
@Import(ReadinessHttpTests.Dependencies.class)
class ReadinessHttpTests {

	static final AtomicBoolean databaseUp = new AtomicBoolean(true);

	static final AtomicBoolean cacheUp = new AtomicBoolean(true);

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void aCacheOutageLeavesTheInstanceReadyADatabaseOutageDoesNot() throws Exception {
		try {
			assertThat(get("/ready").statusCode()).isEqualTo(200);
			cacheUp.set(false);
			assertThat(get("/ready").statusCode()).as("the cache is down").isEqualTo(200);
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"redis\":{\"status\":\"DOWN\"");
			assertThat(get("/health").statusCode()).as("liveness").isEqualTo(200);
			databaseUp.set(false);
			assertThat(get("/ready").statusCode()).as("the database is down").isEqualTo(503);
		}
		finally {
			databaseUp.set(true);
			cacheUp.set(true);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Dependencies {

		@Bean
		HealthIndicator dbHealthIndicator() {
			return () -> databaseUp.get() ? Health.up().build() : Health.down().build();
		}

		@Bean
		HealthIndicator redisHealthIndicator() {
			return () -> cacheUp.get() ? Health.up().build() : Health.down().build();
		}

	}

}
