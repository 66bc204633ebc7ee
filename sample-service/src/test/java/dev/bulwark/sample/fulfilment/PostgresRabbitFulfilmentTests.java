package dev.bulwark.sample.fulfilment;

import dev.bulwark.test.services.ExternalService;
import dev.bulwark.test.services.ExternalServices;

import org.springframework.test.context.ActiveProfiles;

/**
 * The fulfilment suite the way production runs: the postgres profile on the real PostgreSQL, the outbox relaying
 * through the real RabbitMQ (a virtual host of its own from the test kit), the saga and the read model consuming
 * from their queues.
 */
@ActiveProfiles("postgres")
@ExternalServices({ ExternalService.POSTGRESQL, ExternalService.RABBITMQ })
class PostgresRabbitFulfilmentTests extends OrderFulfilmentTests {

}
