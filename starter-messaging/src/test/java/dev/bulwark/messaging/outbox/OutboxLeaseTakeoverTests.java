package dev.bulwark.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.SchemaScripts;
import dev.bulwark.messaging.inbox.Inbox;
import dev.bulwark.test.fault.TcpFaultProxy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances' relays on the real PostgreSQL (a database of its own). The first holds the lease and is cut off
 * from the database in the middle of a batch: its link blackholed, so its statements hang, as after a partition or a
 * failover. The second takes over once the lease has run out and delivers every event; nothing waits for TCP to give
 * up on the dead link. Events the first had sent but not marked go out again, and a consumer applying them through
 * the inbox applies each once; each aggregate's events arrive in order.
 */
class OutboxLeaseTakeoverTests {

	private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	private final String database = "bulwark_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private TcpFaultProxy proxy;

	@BeforeEach
	void createDatabase() throws Exception {
		execute("CREATE DATABASE " + this.database);
		this.proxy = TcpFaultProxy.to(5432);
	}

	@AfterEach
	void dropDatabase() throws Exception {
		this.proxy.close();
		execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
	}

	@Test
	void anotherInstanceTakesOverWithinTheLeaseWhenTheHolderLosesItsDatabase() throws Exception {
		DriverManagerDataSource direct = new DriverManagerDataSource(SERVER + this.database, "postgres", "");
		// the cut-off instance's driver gives up on a silent socket after 5 s (Bulwark's default is longer)
		DriverManagerDataSource cutOff = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + this.proxy.port()
				+ "/" + this.database + "?socketTimeout=5&connectTimeout=2", "postgres", "");
		SchemaScripts.run(direct, "dev/bulwark/messaging/outbox/schema-");
		SchemaScripts.run(direct, "dev/bulwark/messaging/inbox/schema-");
		JdbcTemplate jdbc = new JdbcTemplate(direct);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(direct));
		Outbox outbox = new Outbox(jdbc, JsonMapper.shared(), "correlationId");
		for (int i = 0; i < 40; i++) {
			String aggregate = "order-" + (i % 4);
			int sequence = i / 4;
			transactions.executeWithoutResult(
					(status) -> outbox.publish("order", aggregate, "OrderChanged", Map.of("sequence", sequence)));
		}
		Inbox inbox = new Inbox(jdbc, transactions);
		Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
		List<OutboxEvent> received = new CopyOnWriteArrayList<>();
		OutboxTransport broker = (event) -> {
			received.add(event);
			inbox.receive("shipping", event.eventId(),
					() -> effects.computeIfAbsent(event.eventId(), (id) -> new AtomicInteger()).incrementAndGet());
		};
		OutboxProperties properties = new OutboxProperties();
		properties.setLease(Duration.ofSeconds(3));
		properties.setBatchSize(100);

		AtomicInteger sentByFirst = new AtomicInteger();
		OutboxRelay first = new OutboxRelay(new JdbcTemplate(cutOff),
				new TransactionTemplate(new DataSourceTransactionManager(cutOff)), (event) -> {
					broker.send(event);
					if (sentByFirst.incrementAndGet() == 10) {
						// the database link goes silent mid-batch: the marking of this event hangs
						this.proxy.blackhole();
					}
				}, properties, JsonMapper.shared());
		OutboxRelay second = new OutboxRelay(jdbc, transactions, broker, properties, JsonMapper.shared());

		CompletableFuture<Object> firstBatch = CompletableFuture.supplyAsync(() -> {
			try {
				return first.relayOnce();
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> sentByFirst.get() >= 10);
		assertThat(second.relayOnce()).as("the first instance's lease still runs").isZero();

		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			second.relayOnce();
			return second.pending() == 0;
		});
		assertThat(effects).as("each event applied once").hasSize(40)
			.allSatisfy((id, count) -> assertThat(count).hasValue(1));
		for (int aggregate = 0; aggregate < 4; aggregate++) {
			String id = "order-" + aggregate;
			List<Integer> firstDeliveries = received.stream()
				.filter((event) -> event.aggregateId().equals(id))
				.map(OutboxEvent::eventId)
				.distinct()
				.map((eventId) -> received.stream().filter((event) -> event.eventId().equals(eventId)).findFirst()
					.orElseThrow())
				.map((event) -> Integer.parseInt(event.payload().replaceAll("\\D+", "")))
				.toList();
			assertThat(firstDeliveries).as("order of " + id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		}
		this.proxy.restore();
		assertThat(firstBatch.get()).as("the cut-off instance's batch ended, it did not hang").isNotNull();
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
			connection.createStatement().execute(sql);
		}
	}

}
