package dev.bulwark.resilience.adaptive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Tomcat, the limit is applied by a valve in front of the servlet pipeline (a real server on loopback, with a limit
 * of one request so that a held request makes the next one a refusal): refusals never reach a servlet filter, carry
 * the correlation id, and every way a request ends gives its slot back.
 */
@SpringBootTest(classes = AdaptiveLimitValveTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.adaptive-limit.initial-limit=1",
				"bulwark.resilience.adaptive-limit.min-limit=1", "bulwark.resilience.adaptive-limit.max-limit=1" })
class AdaptiveLimitValveTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	InboundRequestLimiter limiter;

	@Autowired
	@Qualifier("adaptiveLimitFilterRegistration")
	FilterRegistrationBean<?> filterRegistration;

	@Autowired
	App.Endpoints endpoints;

	@Autowired
	App.SeenByFilters seen;

	@AfterEach
	void releaseAndClose() {
		this.endpoints.hold.countDown();
		this.endpoints.async.countDown();
		this.client.close();
	}

	@Test
	void whileTheOnlySlotIsTakenARequestIsRefusedBeforeAnyServletFilter() throws Exception {
		CompletableFuture<HttpResponse<String>> held = holdTheOnlySlot();
		long rejected = this.limiter.getRejected();

		HttpResponse<String> refused = get("/refused", "abc-1");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("abc-1");
		assertThat(refused.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"",
				"\"instance\":\"/refused\"", "\"correlationId\":\"abc-1\"");
		assertThat(this.limiter.getRejected()).isEqualTo(rejected + 1);
		assertThat(this.seen.paths).doesNotContain("/refused");
		assertThat(this.filterRegistration.isEnabled()).as("the filter stands aside for the valve").isFalse();

		HttpResponse<String> invalidId = get("/refused", "not valid");
		String replaced = invalidId.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(replaced).matches("[0-9a-f]{32}");
		assertThat(invalidId.body()).contains("\"correlationId\":\"" + replaced + "\"");

		assertThat(get("/health", null).statusCode()).as("probes bypass the limit").isEqualTo(200);

		this.endpoints.hold.countDown();
		assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.getInflight() == 0);
		assertThat(get("/refused", null).statusCode()).isEqualTo(200);
	}

	@Test
	void anAsyncRequestIsDispatchedBackEvenWhileTheSlotIsTaken() throws Exception {
		this.endpoints.async = new CountDownLatch(1);
		this.endpoints.asyncStarted = new CountDownLatch(1);
		CompletableFuture<HttpResponse<String>> async = this.client
			.sendAsync(request("/async", null), BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.endpoints.asyncStarted.getCount() == 0 && this.limiter.getInflight() == 0);
		CompletableFuture<HttpResponse<String>> held = holdTheOnlySlot();

		this.endpoints.async.countDown();
		HttpResponse<String> response = async.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("done");

		this.endpoints.hold.countDown();
		assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void aFailedRequestGivesItsSlotBack() throws Exception {
		assertThat(get("/fail", null).statusCode()).isEqualTo(500);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.getInflight() == 0);
		assertThat(get("/refused", null).statusCode()).isEqualTo(200);
	}

	private CompletableFuture<HttpResponse<String>> holdTheOnlySlot() {
		this.endpoints.hold = new CountDownLatch(1);
		CompletableFuture<HttpResponse<String>> held = this.client.sendAsync(request("/hold", null),
				BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.getInflight() == 1);
		return held;
	}

	private HttpResponse<String> get(String path, String correlationId) throws IOException, InterruptedException {
		return this.client.send(request(path, correlationId), BodyHandlers.ofString());
	}

	private HttpRequest request(String path, String correlationId) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (correlationId != null) {
			builder.header("X-Request-Id", correlationId);
		}
		return builder.build();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(App.Endpoints.class)
	static class App {

		@Bean
		SeenByFilters seenByFilters() {
			return new SeenByFilters();
		}

		@Bean
		FilterRegistrationBean<SeenByFilters> seenByFiltersRegistration(SeenByFilters filter) {
			FilterRegistrationBean<SeenByFilters> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		/**
		 * A servlet filter that records every path it sees, first of all filters.
		 */
		static class SeenByFilters extends OncePerRequestFilter {

			final List<String> paths = new CopyOnWriteArrayList<>();

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				this.paths.add(request.getRequestURI());
				chain.doFilter(request, response);
			}

		}

		@RestController
		static class Endpoints {

			volatile CountDownLatch hold = new CountDownLatch(1);

			volatile CountDownLatch async = new CountDownLatch(1);

			volatile CountDownLatch asyncStarted = new CountDownLatch(1);

			@GetMapping("/hold")
			String hold() throws InterruptedException {
				this.hold.await(10, TimeUnit.SECONDS);
				return "held";
			}

			@GetMapping("/refused")
			String refused() {
				return "served";
			}

			@GetMapping("/async")
			Callable<String> async() {
				return () -> {
					this.asyncStarted.countDown();
					this.async.await(10, TimeUnit.SECONDS);
					return "done";
				};
			}

			@GetMapping("/fail")
			String fail() {
				throw new IllegalStateException("boom");
			}

		}

	}

}
