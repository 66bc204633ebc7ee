package dev.bulwark.messaging.idempotency;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotency-Key over real HTTP, with the keys in the embedded database ({@link PostgresIdempotencyKeyHttpTests}
 * runs the same against the real PostgreSQL).
 */
@SpringBootTest(classes = PaymentsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.messaging.idempotency.initialize-schema=true", "bulwark.messaging.outbox.enabled=false",
				"bulwark.messaging.idempotency.in-progress-lease=2s" })
class IdempotencyKeyHttpTests {

	static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	IdempotencyStore store;

	@Test
	void retryWithTheSameKeyAndBodyIsReplayedAndActsOnce() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = PaymentsTestApplication.payments.get();
		HttpResponse<String> first = post("/payments", key, "{\"amount\":10}");
		HttpResponse<String> retry = post("/payments", key, "{\"amount\":10}");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(retry.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.headers().firstValue("Payment-Reference")).as("a header the handler set")
			.isEqualTo(first.headers().firstValue("Payment-Reference"))
			.isPresent();
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(PaymentsTestApplication.payments.get() - before).isEqualTo(1);
	}

	@Test
	void sameKeyWithADifferentBodyIsUnprocessable() throws Exception {
		String key = UUID.randomUUID().toString();
		assertThat(post("/payments", key, "{\"amount\":10}").statusCode()).isEqualTo(201);
		HttpResponse<String> other = post("/payments", key, "{\"amount\":99}");
		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void concurrentDuplicateIsAConflict() throws Exception {
		PaymentsTestApplication.entered = new CountDownLatch(1);
		PaymentsTestApplication.release = new CountDownLatch(1);
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> first = client.sendAsync(request("/slow-payments", key,
				"{\"amount\":5}"), BodyHandlers.ofString());
		assertThat(PaymentsTestApplication.entered.await(10, TimeUnit.SECONDS)).isTrue();

		HttpResponse<String> duplicate = post("/slow-payments", key, "{\"amount\":5}");
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(duplicate.body()).contains("\"status\":409");

		PaymentsTestApplication.release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		assertThat(post("/slow-payments", key, "{\"amount\":5}").headers().firstValue("Idempotent-Replayed"))
			.hasValue("true");
	}

	@Test
	void serverErrorIsNotRememberedSoTheRetryRuns() throws Exception {
		String key = UUID.randomUUID().toString();
		PaymentsTestApplication.failures.set(0);
		assertThat(post("/flaky-payments", key, "{\"amount\":7}").statusCode()).isEqualTo(500);
		HttpResponse<String> retry = post("/flaky-payments", key, "{\"amount\":7}");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void aRequestWhoseEffectCommittedBeforeItFailedIsNotRunAgain() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = PaymentsTestApplication.payments.get();
		HttpResponse<String> first = post("/committed-then-failing-payments", key, "{\"amount\":8}");
		HttpResponse<String> retry = post("/committed-then-failing-payments", key, "{\"amount\":8}");
		assertThat(first.statusCode()).isEqualTo(500);
		assertThat(retry.statusCode()).isEqualTo(500);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(PaymentsTestApplication.payments.get() - before).as("payments taken").isEqualTo(1);
	}

	@Test
	void aKeyLeftInProgressByARequestThatDiedIsFreeAfterTheLease() throws Exception {
		String key = UUID.randomUUID().toString();
		String body = "{\"amount\":9}";
		// what a request that died mid-flight leaves behind: its key claimed, never completed nor released
		assertThat(this.store.claim(IdempotencyKeyFilter.storageKey(null, key),
				IdempotencyKeyFilter.fingerprint("POST", "/payments", body.getBytes(StandardCharsets.UTF_8)),
				Duration.ofSeconds(2)).state()).isEqualTo(IdempotencyStore.State.CLAIMED);
		assertThat(post("/payments", key, body).statusCode()).as("within the lease").isEqualTo(409);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> post("/payments", key, body).statusCode() == 201);
	}

	@Test
	void malformedKeyIsABadRequest() throws Exception {
		assertThat(post("/payments", "x".repeat(300), "{\"amount\":1}").statusCode()).isEqualTo(400);
		assertThat(post("/payments", "two words", "{\"amount\":1}").statusCode()).isEqualTo(400);
	}

	@Test
	void requestsWithoutAKeyAreNotAffected() throws Exception {
		int before = PaymentsTestApplication.payments.get();
		assertThat(post("/payments", null, "{\"amount\":1}").statusCode()).isEqualTo(201);
		assertThat(post("/payments", null, "{\"amount\":1}").statusCode()).isEqualTo(201);
		assertThat(PaymentsTestApplication.payments.get() - before).isEqualTo(2);
	}

	@Test
	void anOversizedBodyIsContentTooLargeWithContentLengthOrChunked() throws Exception {
		int before = PaymentsTestApplication.payments.get();
		byte[] oversized = ("{\"amount\":1,\"note\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
		for (BodyPublisher body : List.of(BodyPublishers.ofByteArray(oversized),
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)))) {
			HttpResponse<String> response = client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/payments"))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(body)
				.build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(PaymentsTestApplication.payments.get()).isEqualTo(before);
	}

	HttpResponse<String> post(String path, String key, String body) throws Exception {
		return client.send(request(path, key, body), BodyHandlers.ofString());
	}

	HttpRequest request(String path, String key, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.build();
	}

}
