package dev.bulwark.messaging.outbox;

/**
 * Delivers outbox events to a broker.
 */
@FunctionalInterface
public interface OutboxTransport {

	/**
	 * Publishes the event and returns only once the broker has acknowledged it.
	 * @param event the event
	 * @throws Exception if the broker did not acknowledge it
	 */
	void send(OutboxEvent event) throws Exception;

}
