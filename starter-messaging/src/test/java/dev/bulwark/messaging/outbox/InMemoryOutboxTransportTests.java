package dev.bulwark.messaging.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The in-memory transport hands an event to the listeners with its correlation id in the MDC, under the key the
 * application configured, and a listener's failure fails the delivery.
 */
class InMemoryOutboxTransportTests {

	private static final OutboxEvent EVENT = new OutboxEvent(1, "e-1", "order", "42", "OrderCreated", "{}",
			Map.of("correlation-id", "req-7"));

	@Test
	void listenersSeeTheCorrelationIdUnderTheConfiguredMdcKey() throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		InMemoryOutboxTransport transport = new InMemoryOutboxTransport((event) -> seen.set(MDC.get("requestId")),
				Duration.ofSeconds(5), OutboxConsumerScope.NONE, "requestId");
		try {
			transport.send(EVENT);
		}
		finally {
			transport.destroy();
		}
		assertThat(seen).hasValue("req-7");
	}

	@Test
	void listenerFailureFailsTheDelivery() {
		InMemoryOutboxTransport transport = new InMemoryOutboxTransport((event) -> {
			throw new IllegalStateException("saga step failed");
		}, Duration.ofSeconds(5), OutboxConsumerScope.NONE, "correlationId");
		try {
			assertThatIllegalStateException().isThrownBy(() -> transport.send(EVENT)).withMessage("saga step failed");
		}
		finally {
			transport.destroy();
		}
	}

}
