package dev.bulwark.messaging.outbox;

import java.util.Map;

/**
 * An event as it is stored and relayed.
 *
 * @param seq its place in the outbox, which is also the order of delivery
 * @param eventId unique id, for consumers to deduplicate redeliveries
 * @param aggregateType the kind of thing the event is about, such as "order"
 * @param aggregateId which one; events of one aggregate are delivered in order
 * @param eventType what happened, such as "OrderCreated"
 * @param payload the event, as JSON
 * @param headers correlation id and trace context of the transaction that wrote it
 */
public record OutboxEvent(long seq, String eventId, String aggregateType, String aggregateId, String eventType,
		String payload, Map<String, String> headers) {

}
