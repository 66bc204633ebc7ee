package dev.bulwark.messaging.outbox;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code outbox} actuator endpoint: {@code GET} lists the events the relay abandoned, with their last error;
 * {@code POST} re-drives all of them, {@code POST /{eventId}} one. Exposed like any endpoint
 * ({@code management.endpoints.web.exposure.include}), and guarded by the management role with starter-security.
 */
@Endpoint(id = "outbox")
public class OutboxEndpoint {

	private static final int LISTED = 100;

	private final OutboxRelay relay;

	public OutboxEndpoint(OutboxRelay relay) {
		this.relay = relay;
	}

	@ReadOperation
	public Abandoned abandoned() {
		return new Abandoned(this.relay.abandoned(), this.relay.abandonedEvents(LISTED));
	}

	@WriteOperation
	public Redriven redriveAll() {
		return new Redriven(this.relay.redrive(null));
	}

	@WriteOperation
	public Redriven redrive(@Selector String eventId) {
		return new Redriven(this.relay.redrive(eventId));
	}

	/**
	 * The abandoned events.
	 *
	 * @param count how many there are
	 * @param events the oldest of them, at most a hundred
	 */
	public record Abandoned(long count, List<OutboxRelay.AbandonedEvent> events) {
	}

	/**
	 * @param redriven how many events the relay will try again
	 */
	public record Redriven(int redriven) {
	}

}
