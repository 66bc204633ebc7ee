package dev.bulwark.messaging.docs;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;

import dev.bulwark.messaging.deadletter.NatsDeadLetters;
import dev.bulwark.messaging.inbox.Inbox;

import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * The consumers shown in docs/messaging.md, compiled here so that the page cannot show code that does not compile
 * ({@code DocsCodeSamplesTests} in the sample service compares them). Not registered as beans.
 */
class ConsumerExamples {

	private final Inbox inbox;

	private final Payments payments;

	ConsumerExamples(Inbox inbox, Payments payments) {
		this.inbox = inbox;
		this.payments = payments;
	}

	// tag::rabbit-inbox[]
	@RabbitListener(queues = "billing")
	void on(org.springframework.amqp.core.Message message) {
		String eventId = message.getMessageProperties().getHeader("event-id");
		// skipped for an event already applied
		this.inbox.receive("billing", eventId, () -> this.payments.charge(message.getBody()));
	}
	// end::rabbit-inbox[]

	void subscribe(Connection connection, NatsDeadLetters deadLetters) throws IOException, JetStreamApiException {
		// tag::nats-dead-letters[]
		Dispatcher dispatcher = connection.createDispatcher();
		connection.jetStream().subscribe("orders.>", dispatcher, deadLetters.guard((message) -> {
			String eventId = message.getHeaders().getFirst("event-id");
			this.inbox.receive("billing", eventId, () -> charge(message));
		}), false, PushSubscribeOptions.builder().stream("BULWARK_EVENTS").build());
		// end::nats-dead-letters[]
	}

	private void charge(Message message) {
		this.payments.charge(message.getData());
	}

	interface Payments {

		void charge(byte[] order);

	}

}
