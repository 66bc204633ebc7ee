package dev.bulwark.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's endpoint: a small JSON answer and one log line per request. The same in the three applications;
 * only their dependencies and settings differ (docs/performance.md).
 */
@SpringBootApplication
@RestController
public class BulwarkApplication {

	private static final Logger logger = LoggerFactory.getLogger(BulwarkApplication.class);

	private final AtomicLong count = new AtomicLong();

	public static void main(String[] args) {
		SpringApplication.run(BulwarkApplication.class, args);
	}

	@GetMapping("/hello")
	Map<String, Object> hello() {
		long n = this.count.incrementAndGet();
		logger.info("hello {}", n);
		return Map.of("message", "hello", "n", n);
	}

}
