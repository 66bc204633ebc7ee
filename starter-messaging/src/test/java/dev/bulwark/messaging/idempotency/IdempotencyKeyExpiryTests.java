package dev.bulwark.messaging.idempotency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key is forgotten after its time to live: the same request runs again.
 */
@SpringBootTest(classes = PaymentsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.messaging.idempotency.initialize-schema=true", "bulwark.messaging.outbox.enabled=false", "bulwark.messaging.idempotency.ttl=1s" })
class IdempotencyKeyExpiryTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void expiredKeyRunsTheRequestAgain() throws Exception {
		String key = UUID.randomUUID().toString();
		assertThat(post(key).headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(post(key).headers().firstValue("Idempotent-Replayed")).hasValue("true");
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> post(key).headers().firstValue("Idempotent-Replayed").isEmpty());
	}

	private HttpResponse<String> post(String key) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/payments"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(BodyPublishers.ofString("{\"amount\":3}"))
			.build(), BodyHandlers.ofString());
	}

}
