package dev.bulwark.sample.summaries;

import java.nio.charset.StandardCharsets;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Applies each order event the outbox relays through RabbitMQ (transport {@code rabbit}) to the read model, through
 * the inbox, so a redelivered event applies once.
 */
@Component
@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "rabbit")
class OrderSummaryListener {

	private final OrderSummaryProjection projection;

	OrderSummaryListener(OrderSummaryProjection projection) {
		this.projection = projection;
	}

	@RabbitListener(bindings = @QueueBinding(value = @Queue(name = "orders.summaries", durable = "true"),
			exchange = @Exchange(name = "${bulwark.messaging.outbox.rabbit-exchange:bulwark.events}", type = "topic"),
			key = "#"))
	void onOrderEvent(Message message) {
		this.projection.apply(String.valueOf(message.getMessageProperties().getHeaders().get("event-id")),
				String.valueOf(message.getMessageProperties().getHeaders().get("event-type")),
				new String(message.getBody(), StandardCharsets.UTF_8));
	}

}
