package dev.bulwark.messaging;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.idempotency.IdempotencyStore;
import dev.bulwark.messaging.idempotency.IdempotencyStore.StoredResponse;
import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.messaging.outbox.Outbox;
import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's tables stay bounded under steady traffic: delivered outbox events, applied inbox events and expired
 * Idempotency-Keys are deleted once past their time, in batches, while new ones keep coming; what is not yet past
 * its time stays.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.initialize-schema=true", "bulwark.messaging.outbox.transport=in-memory",
				"bulwark.messaging.outbox.poll-interval=50ms", "bulwark.messaging.outbox.retention=1s",
				"bulwark.messaging.outbox.cleanup-interval=200ms", "bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.inbox.retention=1s", "bulwark.messaging.inbox.cleanup-interval=200ms",
				"bulwark.messaging.idempotency.initialize-schema=true",
				"bulwark.messaging.idempotency.cleanup-interval=200ms" })
class TableCleanupTests {

	@Autowired
	Outbox outbox;

	@Autowired
	Inbox inbox;

	@Autowired
	IdempotencyStore keys;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void rowsPastTheirTimeAreDeletedWhileTrafficGoesOn() {
		Instant start = Instant.now();
		int written = 0;
		// steady traffic for three times the retention, in bursts of twenty the relay delivers before the next
		while (Duration.between(start, Instant.now()).toMillis() < 3000) {
			for (int i = 0; i < 20; i++) {
				String id = UUID.randomUUID().toString();
				this.transactions.executeWithoutResult(
						(status) -> this.outbox.publish("order", id, "OrderPlaced", Map.of("id", id)));
				this.inbox.receive("billing", id, () -> 1);
				this.keys.claim(id, "fingerprint", Duration.ofMinutes(1));
				this.keys.complete(id, new StoredResponse(201, null, null, Map.of(), new byte[0]),
						Duration.ofSeconds(1));
				written++;
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> count("bulwark_outbox WHERE published_at IS NULL AND 1 = ?", 1) == 0);
		}
		Timestamp window = Timestamp.from(Instant.now().minusSeconds(2));
		int total = written;
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("bulwark_outbox WHERE published_at < ?", window)).as("delivered events past retention")
				.isZero();
			assertThat(count("bulwark_inbox WHERE received_at < ?", window)).as("inbox events past retention").isZero();
			assertThat(count("bulwark_idempotency_key WHERE expires_at < ?", window)).as("expired keys").isZero();
		});
		assertThat(count("bulwark_outbox WHERE 1 = ?", 1)).isLessThan(total);
		assertThat(count("bulwark_inbox WHERE 1 = ?", 1)).isLessThan(total);
		// and once traffic stops, everything goes
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("bulwark_outbox WHERE 1 = ?", 1)).isZero();
			assertThat(count("bulwark_inbox WHERE 1 = ?", 1)).isZero();
			assertThat(count("bulwark_idempotency_key WHERE 1 = ?", 1)).isZero();
		});
	}

	private int count(String from, Object argument) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + from, Integer.class, argument);
		return (count != null) ? count : 0;
	}

}
