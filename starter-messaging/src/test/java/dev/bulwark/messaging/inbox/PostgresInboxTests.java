package dev.bulwark.messaging.inbox;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;
import dev.bulwark.test.services.ExternalService;
import dev.bulwark.test.services.ExternalServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The inbox on the real PostgreSQL (a database of its own, from the test kit), where the duplicate insert of a
 * redelivered event aborts its transaction: the event is skipped without an error, and an effect that failed leaves no
 * record.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.inbox.initialize-schema=true", "bulwark.messaging.outbox.enabled=false" })
@ExternalServices(ExternalService.POSTGRESQL)
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
