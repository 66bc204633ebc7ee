package dev.bulwark.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes outbox events to a RabbitMQ topic exchange (routing key = event type), persistent, and waits for the
 * broker's publisher confirm. Needs {@code spring.rabbitmq.publisher-confirm-type=simple}.
 */
public class RabbitOutboxTransport implements OutboxTransport {

	private final RabbitTemplate rabbit;

	private final String exchange;

	private final Duration confirmTimeout;

	private volatile boolean declared;

	public RabbitOutboxTransport(RabbitTemplate rabbit, String exchange, Duration confirmTimeout) {
		this.rabbit = rabbit;
		this.exchange = exchange;
		this.confirmTimeout = confirmTimeout;
	}

	@Override
	public void send(OutboxEvent event) {
		if (!this.declared) {
			this.rabbit.execute((channel) -> channel.exchangeDeclare(this.exchange, "topic", true));
			this.declared = true;
		}
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setMessageId(event.eventId());
		properties.setType(event.eventType());
		properties.setHeader("event-id", event.eventId());
		properties.setHeader("event-type", event.eventType());
		properties.setHeader("aggregate-type", event.aggregateType());
		properties.setHeader("aggregate-id", event.aggregateId());
		event.headers().forEach(properties::setHeader);
		Message message = new Message(event.payload().getBytes(StandardCharsets.UTF_8), properties);
		this.rabbit.invoke((operations) -> {
			operations.send(this.exchange, event.eventType(), message);
			operations.waitForConfirmsOrDie(this.confirmTimeout.toMillis());
			return null;
		});
	}

}
