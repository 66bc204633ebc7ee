package dev.bulwark.resilience.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flooding client meets 429 while another client is still served, over real HTTP, with the in-memory store.
 */
@SpringBootTest(classes = ResilienceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.clients.backend.base-url=http://127.0.0.1:9",
				"bulwark.resilience.rate-limit.rules[0].name=ping",
				"bulwark.resilience.rate-limit.rules[0].paths=/ping",
				"bulwark.resilience.rate-limit.rules[0].requests-per-second=0.01",
				"bulwark.resilience.rate-limit.rules[0].burst=5", "bulwark.resilience.rate-limit.rules[0].key=api-key" })
class RateLimitHttpTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	RateLimitFilter filter;

	@Test
	void floodingClientIsLimitedWhileOthersAreServed() throws Exception {
		List<HttpResponse<String>> flood = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			flood.add(get("/ping", "flooder"));
		}
		assertThat(flood).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
		HttpResponse<String> refused = flood.getLast();
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"status\":429");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"ping\";q=5;w=500");
		assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("\"ping\";r=0;t="));
		assertThat(flood.getFirst().headers().firstValue("RateLimit")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("\"ping\";r=4;"));

		assertThat(this.filter.limitedCount("ping")).isEqualTo(3);

		HttpResponse<String> other = get("/ping", "polite");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).isEqualTo("pong");
	}

	@Test
	void everySpellingThatReachesTheRouteCountsAsThatRoute() throws Exception {
		// escaped letters and path parameters reach the /ping handler: each takes from the same bucket
		List<String> spellings = List.of("/ping", "/p%69ng", "/ping;v=1", "/%70ing", "/pin%67;a=b", "/ping", "/p%69ng");
		List<Integer> statuses = new ArrayList<>();
		for (String spelling : spellings) {
			statuses.add(get(spelling, "spelling-flooder").statusCode());
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429);
	}

	@Test
	void routesWithoutARuleAreNotLimited() throws Exception {
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = get("/degradable", "flooder-elsewhere");
			assertThat(response.headers().firstValue("RateLimit")).isEmpty();
		}
	}

	private HttpResponse<String> get(String path, String apiKey) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Api-Key", apiKey)
			.build(), BodyHandlers.ofString());
	}

}
