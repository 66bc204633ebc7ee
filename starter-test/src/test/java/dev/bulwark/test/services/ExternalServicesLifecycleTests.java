package dev.bulwark.test.services;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What happens around the tests: isolated resources go away with their context, and a missing service skips or fails
 * a class with a message that says how to provide it.
 */
class ExternalServicesLifecycleTests {

	@Test
	void theDatabaseAndVirtualHostGoAwayWhenTheContextCloses() throws Exception {
		ExternalServicesContextCustomizer customizer = new ExternalServicesContextCustomizer(getClass(),
				Set.of(ExternalService.POSTGRESQL, ExternalService.RABBITMQ));
		GenericApplicationContext context = new GenericApplicationContext();
		customizer.customizeContext(context, null);
		context.refresh();
		String database = context.getEnvironment().getProperty("bulwark.test.postgresql.database");
		String vhost = context.getEnvironment().getProperty("bulwark.test.rabbitmq.virtual-host");
		assertThat(databaseExists(database)).isTrue();
		assertThat(virtualHostStatus(vhost)).isEqualTo(200);
		context.close();
		assertThat(databaseExists(database)).isFalse();
		assertThat(virtualHostStatus(vhost)).isEqualTo(404);
	}

	@Test
	void aMissingServiceSkipsTheClassOrFailsItWhenAskedTo() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		String mode = System.setProperty("bulwark.test.services.mode", "running");
		System.setProperty("bulwark.test.kafka.url", "127.0.0.1:" + closed);
		try {
			ExtensionContext context = mock(ExtensionContext.class);
			given(context.getTestClass()).willReturn(Optional.of(NeedsKafka.class));
			System.setProperty("bulwark.test.services.missing", "skip");
			var result = new ExternalServicesCondition().evaluateExecutionCondition(context);
			assertThat(result.isDisabled()).isTrue();
			assertThat(result.getReason()).get()
				.asString()
				.contains("no kafka at 127.0.0.1:" + closed)
				.contains("BULWARK_TEST_KAFKA_URL");
			System.setProperty("bulwark.test.services.missing", "fail");
			assertThatExceptionOfType(ExtensionConfigurationException.class)
				.isThrownBy(() -> new ExternalServicesCondition().evaluateExecutionCondition(context))
				.withMessageContaining("no kafka at 127.0.0.1:" + closed);
		}
		finally {
			System.clearProperty("bulwark.test.services.missing");
			System.clearProperty("bulwark.test.kafka.url");
			if (mode == null) {
				System.clearProperty("bulwark.test.services.mode");
			}
			else {
				System.setProperty("bulwark.test.services.mode", mode);
			}
		}
	}

	private static boolean databaseExists(String name) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
				""); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
			return rows.next();
		}
	}

	private static int virtualHostStatus(String vhost) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672/api/vhosts/" + vhost))
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes()))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@ExternalServices(ExternalService.KAFKA)
	static class NeedsKafka {

	}

}
