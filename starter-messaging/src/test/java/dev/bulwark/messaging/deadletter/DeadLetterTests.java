package dev.bulwark.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import dev.bulwark.messaging.testapp.PaymentsTestApplication;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison message on the real RabbitMQ: retried a bounded number of times with backoff, then moved to the
 * dead-letter exchange with the error recorded, instead of blocking the queue or being lost.
 */
@SpringBootTest(classes = PaymentsTestApplication.class,
		properties = { "bulwark.messaging.outbox.enabled=false", "spring.rabbitmq.host=127.0.0.1",
				"spring.rabbitmq.port=5672", "spring.rabbitmq.listener.simple.retry.initial-interval=100ms" })
@Import(DeadLetterTests.PoisonListener.class)
public class DeadLetterTests {

	public static final String QUEUE = "bulwark.test.poison." + UUID.randomUUID();

	static final AtomicInteger attempts = new AtomicInteger();

	@Test
	void poisonMessageIsRetriedThenDeadLetteredWithItsError() throws Exception {
		List<Map<String, Object>> deadLetters = new CopyOnWriteArrayList<>();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(5672);
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			channel.exchangeDeclare("bulwark.dead-letters", "topic", true);
			String deadLetterQueue = channel.queueDeclare().getQueue();
			channel.queueBind(deadLetterQueue, "bulwark.dead-letters", "error." + QUEUE);
			channel.basicConsume(deadLetterQueue, true, (tag, delivery) -> deadLetters.add(Map.of("body",
					new String(delivery.getBody(), StandardCharsets.UTF_8), "error",
					String.valueOf(delivery.getProperties().getHeaders().get("x-exception-message")))), (tag) -> {
					});

			channel.basicPublish("", QUEUE, null, "{not json".getBytes(StandardCharsets.UTF_8));

			await().atMost(Duration.ofSeconds(20)).until(() -> !deadLetters.isEmpty());
		}
		assertThat(attempts).as("attempts before giving up").hasValue(3);
		assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.get("body")).isEqualTo("{not json");
			assertThat(deadLetter.get("error").toString()).contains("cannot read order");
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PoisonListener {

		@Bean
		Queue poisonQueue() {
			return new Queue(QUEUE, false, false, true);
		}

		@RabbitListener(queues = "#{T(dev.bulwark.messaging.deadletter.DeadLetterTests).QUEUE}")
		void receive(String body) {
			attempts.incrementAndGet();
			throw new IllegalStateException("cannot read order " + body);
		}

	}

}
