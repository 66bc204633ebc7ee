package dev.bulwark.messaging.outbox;

/**
 * {@link OutboxPoisonTests} on H2, the test application's embedded database.
 */
class H2OutboxPoisonTests extends OutboxPoisonTests {

}
