package dev.bulwark.resilience.testapp;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.bulwark.resilience.policy.ResiliencePolicies;

/**
 * A service that calls one dependency, "backend", through Bulwark's named client.
 */
@SpringBootApplication
public class ResilienceTestApplication {

	static final java.util.concurrent.Semaphore CAPACITY = new java.util.concurrent.Semaphore(4);

	@RestController
	static class CallingController {

		private final RestClient backend;

		private final ResiliencePolicies policies;

		CallingController(@Qualifier("backend") RestClient backend, ResiliencePolicies policies) {
			this.backend = backend;
			this.policies = policies;
		}

		/**
		 * Work of fixed capacity: four at a time, 20 ms each; more requests queue for the permits.
		 */
		@GetMapping("/work")
		String work() throws InterruptedException {
			CAPACITY.acquire();
			try {
				Thread.sleep(20);
				return "done";
			}
			finally {
				CAPACITY.release();
			}
		}

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/call")
		String call() {
			return this.backend.get().uri("/data").retrieve().body(String.class);
		}

		// tag::policies-call[]
		@GetMapping("/degradable")
		Map<String, Object> degradable() {
			return this.policies.call("backend",
					() -> Map.<String, Object>of("data", this.backend.get().uri("/data").retrieve().body(String.class),
							"degraded", false),
					(failure) -> Map.of("data", "cached", "degraded", true));
		}
		// end::policies-call[]

	}

}
