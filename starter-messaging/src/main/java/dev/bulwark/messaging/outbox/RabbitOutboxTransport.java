package dev.bulwark.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.ReturnListener;

import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * Publishes outbox events to a RabbitMQ topic exchange (routing key = event type), persistent, and waits for the
 * broker's publisher confirm. Needs {@code spring.rabbitmq.publisher-confirm-type=simple}. Events are published
 * {@code mandatory}: one that no queue is bound to receive comes back from the broker (before its confirm) and is
 * refused ({@link EventRefusedException}), not marked delivered, so it is retried and, if it stays unroutable,
 * abandoned.
 */
public class RabbitOutboxTransport implements OutboxTransport {

	private static final DefaultMessagePropertiesConverter CONVERTER = new DefaultMessagePropertiesConverter();

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
		byte[] body = event.payload().getBytes(StandardCharsets.UTF_8);
		AtomicReference<String> returned = new AtomicReference<>();
		this.rabbit.execute((channel) -> {
			ReturnListener listener = (replyCode, replyText, exchange, routingKey, returnedProperties, returnedBody) -> {
				if (event.eventId().equals(returnedProperties.getMessageId())) {
					returned.set(replyCode + " " + replyText);
				}
			};
			channel.addReturnListener(listener);
			try {
				channel.basicPublish(this.exchange, event.eventType(), true,
						CONVERTER.fromMessageProperties(properties, "UTF-8"), body);
				// the broker returns an unroutable message before it confirms it
				channel.waitForConfirmsOrDie(this.confirmTimeout.toMillis());
			}
			finally {
				channel.removeReturnListener(listener);
			}
			return null;
		});
		if (returned.get() != null) {
			throw new EventRefusedException("Unroutable: no queue is bound to exchange " + this.exchange
					+ " for routing key " + event.eventType() + " (" + returned.get() + ")", false, null);
		}
	}

}
