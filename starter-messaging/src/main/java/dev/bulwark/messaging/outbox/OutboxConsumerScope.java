package dev.bulwark.messaging.outbox;

/**
 * What surrounds the delivery of an event to consumers in this process ({@code transport: in-memory}): with
 * Micrometer Tracing, a consumer span that continues the producer's trace from the event's {@code traceparent}
 * header, so that the consumers' logs and spans belong to the request that wrote the event.
 */
@FunctionalInterface
public interface OutboxConsumerScope {

	/**
	 * No scope.
	 */
	OutboxConsumerScope NONE = (event) -> () -> {
	};

	/**
	 * Opens the scope; the consumers run before it is closed.
	 * @param event the event being delivered
	 * @return what closes the scope
	 */
	Scope open(OutboxEvent event);

	/**
	 * An open scope.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
