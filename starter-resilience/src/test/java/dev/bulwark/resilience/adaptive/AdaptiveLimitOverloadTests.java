package dev.bulwark.resilience.adaptive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overloads a real server on loopback (48 concurrent clients against work that serves 4 at a time; bounded to 1,700
 * requests and 20 seconds per round): the adaptive limiter sheds the excess with 429 instead of letting a queue grow, while
 * probes still pass. Latencies are measured and reported, not asserted (bench/ compares them).
 */
@SpringBootTest(classes = ResilienceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.clients.backend.base-url=http://127.0.0.1:9",
				"bulwark.resilience.adaptive-limit.initial-limit=8", "bulwark.resilience.adaptive-limit.min-limit=2" })
class AdaptiveLimitOverloadTests {

	@LocalServerPort
	int port;

	@Autowired
	InboundRequestLimiter limiter;

	@Test
	void excessIsShedWhileAdmittedRequestsAndProbesAreServed() throws Exception {
		run(1, 100, "/work");
		List<Long> unloaded = run(1, 100, "/work").admittedMillis;
		Round overload = run(48, 1_500, "/work");

		assertThat(overload.shed.get()).as("requests shed with 429").isPositive();
		assertThat(overload.admittedMillis).as("requests served").isNotEmpty();
		assertThat(overload.otherStatuses).isEmpty();
		assertThat(this.limiter.getLimit()).as("learnt limit").isLessThan(48);
		assertThat(this.limiter.getRejected()).as("counted").isEqualTo(overload.shed.get());
		assertThat(overload.probeStatuses).isNotEmpty().containsOnly(200);
		System.out.printf("adaptive limit: unloaded p99 %d ms; overloaded: admitted p99 %d ms, %d served, %d shed,"
				+ " limit %d%n", p99(unloaded), p99(overload.admittedMillis), overload.admittedMillis.size(),
				overload.shed.get(), this.limiter.getLimit());
	}

	private Round run(int clients, int requests, String path) throws Exception {
		Round round = new Round();
		AtomicInteger remaining = new AtomicInteger(requests);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		try (HttpClient client = HttpClient.newHttpClient();
				ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < clients; i++) {
				executor.submit(() -> {
					while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
						long start = System.nanoTime();
						HttpResponse<String> response = client.send(request(path), BodyHandlers.ofString());
						long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
						switch (response.statusCode()) {
							case 200 -> round.admittedMillis.add(millis);
							case 429 -> {
								assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
								assertThat(response.headers().firstValue("Content-Type"))
									.hasValue("application/problem+json");
								assertThat(response.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"", "at capacity", "\"instance\":\"" + path + "\"",
										"\"correlationId\":\"");
								round.shed.incrementAndGet();
							}
							default -> round.otherStatuses.add(response.statusCode());
						}
						if (remaining.get() % 100 == 0) {
							round.probeStatuses.add(
									client.send(request("/health"), BodyHandlers.discarding()).statusCode());
						}
					}
					return null;
				});
			}
		}
		return round;
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
	}

	private static long p99(List<Long> millis) {
		List<Long> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		return sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
	}

	private static final class Round {

		final List<Long> admittedMillis = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger shed = new AtomicInteger();

		final List<Integer> otherStatuses = Collections.synchronizedList(new ArrayList<>());

		final List<Integer> probeStatuses = Collections.synchronizedList(new ArrayList<>());

	}

}
