package dev.bulwark.messaging.testapp;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service whose POSTs have effects that must happen once.
 */
@SpringBootApplication
public class PaymentsTestApplication {

	public static final AtomicInteger payments = new AtomicInteger();

	public static final AtomicInteger failures = new AtomicInteger();

	public static volatile CountDownLatch entered = new CountDownLatch(1);

	public static volatile CountDownLatch release = new CountDownLatch(1);

	@RestController
	static class PaymentsController {

		private final TransactionTemplate transactions;

		PaymentsController(TransactionTemplate transactions) {
			this.transactions = transactions;
		}

		@PostMapping("/payments")
		ResponseEntity<Map<String, Object>> pay(@RequestBody Map<String, Object> payment) {
			int id = payments.incrementAndGet();
			return ResponseEntity.created(URI.create("/payments/" + id))
				.header("Payment-Reference", "ref-" + id)
				.body(Map.of("id", id, "amount", payment.get("amount")));
		}

		@PostMapping("/slow-payments")
		ResponseEntity<Map<String, Object>> slowPay(@RequestBody Map<String, Object> payment)
				throws InterruptedException {
			entered.countDown();
			release.await(10, TimeUnit.SECONDS);
			return pay(payment);
		}

		@PostMapping("/committed-then-failing-payments")
		ResponseEntity<Map<String, Object>> committedThenFailingPay(@RequestBody Map<String, Object> payment) {
			this.transactions.executeWithoutResult((status) -> payments.incrementAndGet());
			throw new IllegalStateException("the payment was taken, then writing the answer failed");
		}

		@PostMapping("/flaky-payments")
		ResponseEntity<Map<String, Object>> flakyPay(@RequestBody Map<String, Object> payment) {
			if (failures.getAndIncrement() == 0) {
				throw new IllegalStateException("the ledger is down");
			}
			return pay(payment);
		}

	}

}
