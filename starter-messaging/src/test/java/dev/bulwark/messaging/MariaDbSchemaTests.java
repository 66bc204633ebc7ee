package dev.bulwark.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.idempotency.IdempotencyStore.Claim;
import dev.bulwark.messaging.idempotency.IdempotencyStore.State;
import dev.bulwark.messaging.idempotency.IdempotencyStore.StoredResponse;
import dev.bulwark.messaging.idempotency.JdbcIdempotencyStore;
import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.messaging.outbox.Outbox;
import dev.bulwark.messaging.outbox.OutboxEvent;
import dev.bulwark.messaging.outbox.OutboxProperties;
import dev.bulwark.messaging.outbox.OutboxRelay;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's MySQL schema on this machine's MariaDB (127.0.0.1:3306), created as {@code initialize-schema} creates
 * it, with {@code explicit_defaults_for_timestamp} off (the default before MySQL 8.0 and MariaDB 10.10, and on some
 * managed services) and on: the columns read back from the catalog are the ones the code expects, and the outbox,
 * the Idempotency-Key store and the inbox work on them.
 */
class MariaDbSchemaTests {

	private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";

	@ParameterizedTest(name = "explicit_defaults_for_timestamp={0}")
	@ValueSource(strings = { "OFF", "ON" })
	void theSchemaIsTheOneTheCodeExpectsAndItWorks(String explicitDefaults) throws Exception {
		String database = "bulwark_schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("CREATE DATABASE " + database);
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
				SERVER + database + "?sessionVariables=explicit_defaults_for_timestamp=" + explicitDefaults, "root", "",
				true);
		try {
			for (String schema : List.of("outbox", "idempotency", "inbox")) {
				SchemaScripts.run(dataSource, "dev/bulwark/messaging/" + schema + "/schema-");
			}
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			List<Map<String, Object>> columns = jdbc.queryForList("SELECT TABLE_NAME, COLUMN_NAME, IS_NULLABLE, "
					+ "COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
					+ "AND DATA_TYPE = 'timestamp' ORDER BY TABLE_NAME, COLUMN_NAME", database);
			assertThat(columns).extracting((column) -> column.get("TABLE_NAME") + "." + column.get("COLUMN_NAME"))
				.containsExactly("bulwark_idempotency_key.expires_at", "bulwark_inbox.received_at",
						"bulwark_outbox.abandoned_at", "bulwark_outbox.created_at", "bulwark_outbox.next_attempt_at",
						"bulwark_outbox.published_at", "bulwark_outbox_lock.lease_until");
			assertThat(columns).allSatisfy((column) -> assertThat(String.valueOf(column.get("EXTRA")))
				.as("no ON UPDATE on " + column.get("COLUMN_NAME")).doesNotContainIgnoringCase("on update"));
			for (int nullable : List.of(2, 4, 5, 6)) {
				Map<String, Object> column = columns.get(nullable);
				assertThat(column).as(String.valueOf(column.get("COLUMN_NAME"))).containsEntry("IS_NULLABLE", "YES");
				assertThat(String.valueOf(column.get("COLUMN_DEFAULT"))).isEqualToIgnoringCase("NULL");
			}

			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			assertOutboxDeliversCommittedEventsOnly(jdbc, transactions);
			assertACompletedKeyReplays(jdbc);
			assertTheInboxAppliesAnEventOnce(jdbc, transactions);
		}
		finally {
			dataSource.destroy();
			execute("DROP DATABASE " + database);
		}
	}

	private static void assertOutboxDeliversCommittedEventsOnly(JdbcTemplate jdbc, TransactionTemplate transactions) {
		Outbox outbox = new Outbox(jdbc, JsonMapper.shared(), "correlationId");
		List<OutboxEvent> delivered = new ArrayList<>();
		OutboxRelay relay = new OutboxRelay(jdbc, transactions, delivered::add, new OutboxProperties(),
				JsonMapper.shared());
		String committed = transactions.execute((status) -> outbox.publish("order", "o-1", "OrderCreated", Map.of()));
		transactions.executeWithoutResult((status) -> {
			outbox.publish("order", "o-2", "OrderCreated", Map.of());
			status.setRollbackOnly();
		});
		assertThat(relay.relayOnce()).isEqualTo(1);
		assertThat(delivered).extracting(OutboxEvent::eventId).containsExactly(committed);
		assertThat(relay.relayOnce()).as("nothing left to send").isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM bulwark_outbox WHERE published_at IS NOT NULL",
				Integer.class)).isEqualTo(1);
	}

	private static void assertACompletedKeyReplays(JdbcTemplate jdbc) {
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(jdbc);
		assertThat(store.claim("key-1", "fingerprint", Duration.ofHours(24)).state()).isEqualTo(State.CLAIMED);
		store.complete("key-1", new StoredResponse(201, "application/json", "/orders/1",
				Map.of("Payment-Reference", List.of("ref-1")), "{}".getBytes()), Duration.ofHours(24));
		Claim replay = store.claim("key-1", "fingerprint", Duration.ofHours(24));
		assertThat(replay.state()).as("completing the key does not expire it").isEqualTo(State.COMPLETED);
		assertThat(replay.response().status()).isEqualTo(201);
	}

	private static void assertTheInboxAppliesAnEventOnce(JdbcTemplate jdbc, TransactionTemplate transactions) {
		Inbox inbox = new Inbox(jdbc, transactions);
		AtomicInteger applied = new AtomicInteger();
		assertThat(inbox.receive("projection", "event-1", () -> {
			applied.incrementAndGet();
		})).isTrue();
		assertThat(inbox.receive("projection", "event-1", () -> {
			applied.incrementAndGet();
		})).as("a redelivery").isFalse();
		assertThat(applied).hasValue(1);
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER, "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
