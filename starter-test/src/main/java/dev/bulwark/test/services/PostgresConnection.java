package dev.bulwark.test.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh PostgreSQL database per test class, dropped when its context closes (after its connection pool).
 */
final class PostgresConnection {

	private PostgresConnection() {
	}

	static void register(ConfigurableApplicationContext context, DefaultListableBeanFactory beans,
			ServiceEndpoint endpoint, String database) {
		String user = ServiceEndpoints.setting("bulwark.test.postgresql.username", "postgres");
		String password = ServiceEndpoints.setting("bulwark.test.postgresql.password", "");
		String adminUrl = endpoint.url();
		execute(adminUrl, user, password, "CREATE DATABASE " + database);
		String url = "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
		JdbcConnectionDetails details = new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return user;
			}

			@Override
			public String getPassword() {
				return password;
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
		beans.registerSingleton("bulwarkTestJdbcConnectionDetails", details);
		// registered before every other bean, so destroyed after them all: the pool is closed by then
		DisposableBean drop = () -> execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		beans.registerDisposableBean("bulwarkTestDatabaseDrop", drop);
		// a small pool: each test class has a database, and PostgreSQL's connections are shared by all of them
		TestPropertyValues
			.of("bulwark.test.postgresql.database=" + database, "bulwark.test.postgresql.jdbc-url=" + url,
					"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.minimum-idle=0")
			.applyTo(context);
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + url + " refused '" + sql + "': " + ex.getMessage(), ex);
		}
	}

}
