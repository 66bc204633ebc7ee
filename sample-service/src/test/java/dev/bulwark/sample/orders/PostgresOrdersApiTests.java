package dev.bulwark.sample.orders;

import org.flywaydb.core.Flyway;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The orders API tests against the real PostgreSQL (127.0.0.1:5432), in a schema of their own that is cleaned
 * before the tests run.
 */
@ActiveProfiles("postgres")
@Import(PostgresOrdersApiTests.CleanSchema.class)
@TestPropertySource(properties = {
		"spring.datasource.url=${POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/test}?currentSchema=orders_it",
		"spring.flyway.schemas=orders_it", "spring.flyway.clean-disabled=false" })
class PostgresOrdersApiTests extends OrdersApiTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class CleanSchema {

		@Bean
		FlywayMigrationStrategy cleanThenMigrate() {
			return (Flyway flyway) -> {
				flyway.clean();
				flyway.migrate();
			};
		}

	}

}
