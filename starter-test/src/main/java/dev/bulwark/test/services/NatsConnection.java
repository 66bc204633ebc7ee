package dev.bulwark.test.services;

import java.util.Locale;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * NATS, for which Spring Boot has no connection details: its address and a subject prefix and stream name per test
 * class, as {@code bulwark.test.nats.*} properties and as the settings of Bulwark's NATS outbox and dead letters.
 */
final class NatsConnection {

	private NatsConnection() {
	}

	static void register(ConfigurableApplicationContext context, ServiceEndpoint endpoint, String isolation) {
		String subjects = isolation.replace('_', '-');
		String stream = isolation.toUpperCase(Locale.ROOT);
		TestPropertyValues
			.of("bulwark.test.nats.url=" + endpoint.url(), "bulwark.test.nats.subject-prefix=" + subjects,
					"bulwark.test.nats.stream=" + stream, "bulwark.messaging.outbox.nats-url=" + endpoint.url(),
					"bulwark.messaging.outbox.nats-subject-prefix=" + subjects,
					"bulwark.messaging.outbox.nats-stream=" + stream,
					"bulwark.messaging.dead-letter.nats-subject-prefix=" + subjects + ".dead-letters",
					"bulwark.messaging.dead-letter.nats-stream=" + stream + "_DEAD_LETTERS")
			.applyTo(context);
	}

}
