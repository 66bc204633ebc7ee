package dev.bulwark.messaging.outbox;

import dev.bulwark.test.services.ExternalService;
import dev.bulwark.test.services.ExternalServices;

/**
 * {@link OutboxPoisonTests} on the real PostgreSQL, in a database of its own from the test kit.
 */
@ExternalServices(ExternalService.POSTGRESQL)
class PostgresOutboxPoisonTests extends OutboxPoisonTests {

}
