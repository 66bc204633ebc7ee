package dev.bulwark.test.services;

import java.util.List;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running Kafka broker, with a topic prefix and consumer group per test class.
 */
final class KafkaConnection {

	private KafkaConnection() {
	}

	static void register(ConfigurableApplicationContext context, DefaultListableBeanFactory beans,
			ServiceEndpoint endpoint, String isolation) {
		KafkaConnectionDetails details = () -> List.of(endpoint.host() + ":" + endpoint.port());
		beans.registerSingleton("bulwarkTestKafkaConnectionDetails", details);
		TestPropertyValues
			.of("bulwark.test.kafka.topic-prefix=" + isolation + ".", "spring.kafka.consumer.group-id=" + isolation)
			.applyTo(context);
	}

}
