package dev.bulwark.sample.fulfilment;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the saga for each OrderCreated event the outbox relays through RabbitMQ (transport {@code rabbit}, as in the
 * {@code postgres} profile and in production), from a durable queue of its own. A saga step that fails throws: the
 * message is retried with back-off, then dead-lettered (Bulwark's listener defaults).
 */
@Component
@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "rabbit")
class OrderSagaListener {

	private final OrderSaga saga;

	private final JsonMapper json;

	OrderSagaListener(OrderSaga saga, JsonMapper json) {
		this.saga = saga;
		this.json = json;
	}

	@RabbitListener(bindings = @QueueBinding(value = @Queue(name = "orders.fulfilment", durable = "true"),
			exchange = @Exchange(name = "${bulwark.messaging.outbox.rabbit-exchange:bulwark.events}", type = "topic"),
			key = "OrderCreated"))
	void onOrderCreated(Message message) {
		this.saga.fulfil(this.json.readTree(message.getBody()));
	}

}
