package dev.bulwark.messaging.inbox;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The inbox on the real PostgreSQL (127.0.0.1:5432, database test), where the duplicate insert of a redelivered event
 * aborts its transaction: the event is skipped without an error, and an effect that failed leaves no record.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "spring.datasource.url=${POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/test}",
				"spring.datasource.username=${POSTGRES_USER:postgres}",
				"spring.datasource.password=${POSTGRES_PASSWORD:}", "bulwark.messaging.inbox.initialize-schema=true",
				"bulwark.messaging.outbox.enabled=false" })
class PostgresInboxTests {

	@Autowired
	Inbox inbox;

	@Test
	void redeliveredEventIsSkippedWithoutAnError() {
		String consumer = "billing-" + UUID.randomUUID();
		AtomicInteger charges = new AtomicInteger();
		assertThat(this.inbox.receive(consumer, "e-1", charges::incrementAndGet)).isEqualTo(1);
		assertThat(this.inbox.receive(consumer, "e-1", charges::incrementAndGet)).as("already applied").isNull();
		assertThat(charges).hasValue(1);
	}

	@Test
	void failedEffectLeavesNoRecordSoTheRedeliveryAppliesIt() {
		String consumer = "billing-" + UUID.randomUUID();
		AtomicInteger charges = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> this.inbox.receive(consumer, "e-2", () -> {
			throw new IllegalStateException("ledger down");
		}));
		assertThat(this.inbox.receive(consumer, "e-2", () -> charges.incrementAndGet() > 0)).isTrue();
		assertThat(charges).hasValue(1);
	}

}
