package dev.bulwark.messaging.idempotency;

import org.springframework.test.context.TestPropertySource;

/**
 * The Idempotency-Key tests against the real PostgreSQL (127.0.0.1:5432, database test).
 */
@TestPropertySource(properties = {
		"spring.datasource.url=${POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/test}",
		"spring.datasource.username=${POSTGRES_USER:postgres}", "spring.datasource.password=${POSTGRES_PASSWORD:}" })
class PostgresIdempotencyKeyHttpTests extends IdempotencyKeyHttpTests {

}
