package dev.bulwark.security.testapp;

import java.util.Map;

import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service secured by Bulwark from properties alone.
 */
@SpringBootApplication
public class SecurityTestApplication {

	@RestController
	static class OrdersController {

		@GetMapping("/api/orders")
		Map<String, Object> list(Authentication authentication) {
			return Map.of("subject", authentication.getName(), "mdcSubject", String.valueOf(MDC.get("subject")));
		}

		@GetMapping("/api/orders/{id}")
		Map<String, Object> one(@PathVariable String id) {
			return Map.of("id", id);
		}

		@PostMapping("/api/orders")
		Map<String, Object> create() {
			return Map.of("created", true);
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

		@GetMapping("/api/docs")
		@CrossOrigin(origins = "https://app.example")
		Map<String, Object> docs() {
			return Map.of("public", true);
		}

	}

}
