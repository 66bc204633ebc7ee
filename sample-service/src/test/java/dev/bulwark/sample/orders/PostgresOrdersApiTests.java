package dev.bulwark.sample.orders;

import dev.bulwark.test.services.ExternalService;
import dev.bulwark.test.services.ExternalServices;

import org.springframework.test.context.ActiveProfiles;

/**
 * The orders API tests against the real PostgreSQL, in a fresh database of their own that the test kit makes (from
 * Testcontainers when Docker is there, otherwise on the PostgreSQL at 127.0.0.1:5432) and drops afterwards, with the
 * events relayed through RabbitMQ (a virtual host of its own), as the postgres profile does.
 */
// tag::external-services[]
@ActiveProfiles("postgres")
@ExternalServices({ ExternalService.POSTGRESQL, ExternalService.RABBITMQ })
class PostgresOrdersApiTests extends OrdersApiTests {

}
// end::external-services[]
