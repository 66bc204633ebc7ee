package dev.bulwark.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison message on the real NATS JetStream (127.0.0.1:4222): retried a bounded number of times with a growing
 * delay, then kept in the dead-letter stream with its error, while the next message is handled.
 */
class NatsDeadLetterTests {

	@Test
	void poisonMessageIsRetriedThenDeadLetteredWithItsError() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String stream = "BULWARK_TEST_ORDERS_" + run.toUpperCase();
		String subject = "bulwark.test." + run + ".orders";
		DeadLetterProperties properties = new DeadLetterProperties();
		properties.setInitialInterval(Duration.ofMillis(50));
		properties.setNatsSubjectPrefix("bulwark.test.dead-letters." + run);
		properties.setNatsStream("BULWARK_TEST_DEAD_LETTERS_" + run.toUpperCase());
		AtomicInteger attempts = new AtomicInteger();
		List<String> handled = new CopyOnWriteArrayList<>();
		List<Message> deadLetters = new CopyOnWriteArrayList<>();
		try (Connection connection = Nats.connect("nats://127.0.0.1:4222")) {
			JetStreamManagement management = connection.jetStreamManagement();
			try {
				management.addStream(StreamConfiguration.builder()
					.name(stream)
					.subjects(subject)
					.storageType(StorageType.Memory)
					.build());
				NatsDeadLetters guard = new NatsDeadLetters(connection, properties);
				Dispatcher dispatcher = connection.createDispatcher();
				connection.jetStream().subscribe(subject, dispatcher, guard.guard((message) -> {
					String body = new String(message.getData(), StandardCharsets.UTF_8);
					if (body.startsWith("{not")) {
						attempts.incrementAndGet();
						throw new IllegalStateException("cannot read order " + body);
					}
					handled.add(body);
				}), false, PushSubscribeOptions.builder()
					.stream(stream)
					.configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).build())
					.build());
				connection.createDispatcher(deadLetters::add).subscribe(properties.getNatsSubjectPrefix() + ".>");

				connection.jetStream().publish(subject, "{not json".getBytes(StandardCharsets.UTF_8));
				connection.jetStream().publish(subject, "{\"id\":2}".getBytes(StandardCharsets.UTF_8));

				await().atMost(Duration.ofSeconds(20)).until(() -> !deadLetters.isEmpty() && !handled.isEmpty());
				assertThat(attempts).as("attempts at the poison message").hasValue(3);
				assertThat(handled).containsExactly("{\"id\":2}");
				assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
					assertThat(deadLetter.getSubject()).isEqualTo(properties.getNatsSubjectPrefix() + "." + subject);
					assertThat(new String(deadLetter.getData(), StandardCharsets.UTF_8)).isEqualTo("{not json");
					assertThat(deadLetter.getHeaders().getFirst("x-exception-message")).contains("cannot read order");
					assertThat(deadLetter.getHeaders().getFirst("x-delivery-attempts")).isEqualTo("3");
				});
				assertThat(management.getStreamInfo(properties.getNatsStream()).getStreamState().getMsgCount())
					.as("kept in the dead-letter stream")
					.isEqualTo(1);
			}
			finally {
				deleteQuietly(management, stream);
				deleteQuietly(management, properties.getNatsStream());
			}
		}
	}

	private static void deleteQuietly(JetStreamManagement management, String stream) {
		try {
			management.deleteStream(stream);
		}
		catch (Exception ex) {
			// never created
		}
	}

}
