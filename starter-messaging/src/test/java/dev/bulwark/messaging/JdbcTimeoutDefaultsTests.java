package dev.bulwark.messaging;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service on PostgreSQL, MariaDB or MySQL gets driver connect and socket timeouts by default, so that no thread
 * waits forever on a database that went silent; what the service sets itself wins.
 */
class JdbcTimeoutDefaultsTests {

	@Test
	void postgresqlConnectionsGetTimeoutsUnlessTheServiceSetsItsOwn() {
		try (ConfigurableApplicationContext context = start("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
				"spring.datasource.username=postgres")) {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "60")
				.containsEntry("connectTimeout", "5");
			// the driver takes them: the connection works and reports its socket timeout
			assertThat(new JdbcTemplate(pool).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
		}
		try (ConfigurableApplicationContext context = start("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
				"spring.datasource.username=postgres",
				"spring.datasource.hikari.data-source-properties.socketTimeout=300")) {
			assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties()).containsEntry("socketTimeout",
					"300");
		}
	}

	@Test
	void mariadbTimeoutsAreInMillisecondsAndAnEmbeddedDatabaseGetsNone() {
		assertThat(MessagingDefaultsEnvironmentPostProcessor.jdbcTimeouts("jdbc:mariadb://127.0.0.1:3306/test"))
			.containsEntry("spring.datasource.hikari.data-source-properties.socketTimeout", "60000")
			.containsEntry("spring.datasource.hikari.data-source-properties.connectTimeout", "5000");
		assertThat(MessagingDefaultsEnvironmentPostProcessor.jdbcTimeouts("jdbc:h2:mem:test")).isEmpty();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(DataSourceOnly.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	static class DataSourceOnly {

	}

}
