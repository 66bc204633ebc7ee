package dev.bulwark.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link OutboxPoisonTests} on this machine's MariaDB (127.0.0.1:3306), in a database of its own, dropped afterwards.
 */
@DirtiesContext
@Import(MariaDbOutboxPoisonTests.DropDatabase.class)
class MariaDbOutboxPoisonTests extends OutboxPoisonTests {

	private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";

	private static final String DATABASE = "bulwark_poison_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	@DynamicPropertySource
	static void mariadb(DynamicPropertyRegistry registry) throws SQLException {
		execute("CREATE DATABASE " + DATABASE);
		registry.add("spring.datasource.url", () -> SERVER + DATABASE);
		registry.add("spring.datasource.username", () -> "root");
		registry.add("spring.datasource.password", () -> "");
	}

	/**
	 * Drops the database when the context closes, after the relay stopped.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DropDatabase implements DisposableBean {

		@Override
		public void destroy() throws SQLException {
			execute("DROP DATABASE IF EXISTS " + DATABASE);
		}

	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER, "root", "")) {
			connection.createStatement().execute(sql);
		}
	}

}
