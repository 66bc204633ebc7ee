package dev.bulwark.core.testapp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A small service using starter-core as a user would, for tests over real HTTP.
 */
@SpringBootApplication
public class CoreTestApplication {

	/**
	 * Released by tests to let {@code /test/slow} answer.
	 */
	public static volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * Counted down when a request has entered {@code /test/slow}.
	 */
	public static volatile CountDownLatch entered = new CountDownLatch(1);

	public record Item(@NotBlank String sku, @Positive int quantity) {
	}

	public record OrderRequest(@NotBlank String customerId, @NotEmpty List<@Valid Item> items) {
	}

	@RestController
	static class TestController {

		private final RestClient.Builder restClientBuilder;

		private final WebClient.Builder webClientBuilder;

		TestController(RestClient.Builder restClientBuilder, WebClient.Builder webClientBuilder) {
			this.restClientBuilder = restClientBuilder;
			this.webClientBuilder = webClientBuilder;
		}

		@PostMapping("/test/orders")
		ResponseEntity<Map<String, Object>> create(@Valid @RequestBody OrderRequest order) {
			return ResponseEntity.created(URI.create("/test/orders/1")).body(Map.of("items", order.items().size()));
		}

		@GetMapping("/test/items/{id}")
		Map<String, Object> item(@PathVariable @Min(1) long id) {
			return Map.of("id", id);
		}

		@GetMapping("/test/search")
		Map<String, Object> search(@RequestParam(defaultValue = "20") @Max(100) int size) {
			return Map.of("size", size);
		}

		@GetMapping("/test/boom")
		String boom() {
			throw new IllegalStateException("secret internal detail: password=hunter2");
		}

		@GetMapping("/test/correlation")
		Map<String, String> correlation() {
			return Map.of("correlationId", String.valueOf(MDC.get("correlationId")));
		}

		@GetMapping("/test/slow")
		String slow() throws InterruptedException {
			entered.countDown();
			return release.await(30, TimeUnit.SECONDS) ? "done" : "timed out";
		}

		@GetMapping("/test/call/rest-client")
		String callWithRestClient(@RequestParam String target) {
			return this.restClientBuilder.build().get().uri(target).retrieve().body(String.class);
		}

		@GetMapping("/test/call/web-client")
		String callWithWebClient(@RequestParam String target) {
			return this.webClientBuilder.build().get().uri(target).retrieve().bodyToMono(String.class).block();
		}

	}

}
