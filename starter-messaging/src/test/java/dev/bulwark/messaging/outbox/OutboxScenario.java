package dev.bulwark.messaging.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bulwark.messaging.inbox.Inbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scenario every broker's outbox test plays: ten events for two aggregates committed, one rolled back, then the
 * deliveries checked for order, completeness and duplicates.
 */
final class OutboxScenario {

	/**
	 * One message as a consumer received it.
	 *
	 * @param aggregate the aggregate id header (or key)
	 * @param payload the body
	 * @param eventId the event id header
	 */
	record Delivered(String aggregate, String payload, String eventId) {
	}

	/**
	 * A consumer whose effect goes through the inbox: it counts deliveries and effects per event id.
	 */
	static final class ShippingConsumer {

		private final Inbox inbox;

		private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

		private final AtomicInteger deliveries = new AtomicInteger();

		ShippingConsumer(Inbox inbox) {
			this.inbox = inbox;
		}

		void receive(String eventId) {
			this.deliveries.incrementAndGet();
			this.inbox.receive("shipping", eventId,
					() -> this.effects.computeIfAbsent(eventId, (id) -> new AtomicInteger()).incrementAndGet());
		}

		int deliveries() {
			return this.deliveries.get();
		}

		/**
		 * Every event was delivered at least twice (a forced redelivery) and took effect exactly once.
		 */
		void assertEachOfTenEventsTookEffectOnce() {
			assertThat(this.deliveries).as("deliveries, redeliveries included").hasValueGreaterThanOrEqualTo(20);
			assertThat(this.effects).hasSize(10).allSatisfy((id, count) -> assertThat(count).as(id).hasValue(1));
		}

	}

	private OutboxScenario() {
	}

	/**
	 * Commits ten events, alternating between aggregates {@code <prefix>a} and {@code <prefix>b} with sequence
	 * numbers 0 to 9, and rolls back an eleventh with sequence -1.
	 */
	static void commitTenEventsAndRollBackOne(TransactionTemplate transactions, Outbox outbox, String prefix) {
		for (int i = 0; i < 10; i++) {
			int sequence = i;
			String aggregate = prefix + ((i % 2 == 0) ? "a" : "b");
			transactions.executeWithoutResult(
					(status) -> outbox.publish("order", aggregate, "OrderChanged", Map.of("sequence", sequence)));
		}
		transactions.executeWithoutResult((status) -> {
			outbox.publish("order", prefix + "a", "OrderChanged", Map.of("sequence", -1));
			status.setRollbackOnly();
		});
	}

	/**
	 * Publishes one event and waits until the relay abandons it.
	 * @return the event's row: published_at, attempts, last_error
	 */
	static Map<String, Object> publishAndAwaitAbandoned(TransactionTemplate transactions, Outbox outbox,
			JdbcTemplate jdbc, String aggregate, String eventType) {
		transactions.executeWithoutResult(
				(status) -> outbox.publish("order", aggregate, eventType, Map.of("sequence", 0)));
		await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM bulwark_outbox WHERE aggregate_id = ? AND abandoned_at IS NOT NULL", Integer.class,
				aggregate) == 1);
		Map<String, Object> row = jdbc.queryForMap(
				"SELECT published_at, attempts, last_error FROM bulwark_outbox WHERE aggregate_id = ?", aggregate);
		assertThat(row.get("published_at")).as("never marked delivered").isNull();
		return row;
	}

	/**
	 * @return how many pending events the relay tried and failed to deliver (they carry the broker client's error)
	 */
	static int failedDeliveries(JdbcTemplate jdbc, String prefix) {
		Integer failed = jdbc.queryForObject("SELECT COUNT(*) FROM bulwark_outbox WHERE published_at IS NULL"
				+ " AND last_error IS NOT NULL AND aggregate_id LIKE ?", Integer.class, prefix + "%");
		return (failed != null) ? failed : 0;
	}

	/**
	 * While the broker cannot be reached no attempt counts against max-attempts, so no event is ever abandoned for
	 * an outage.
	 */
	static void assertNoAttemptCounted(JdbcTemplate jdbc, String prefix) {
		assertThat(jdbc.queryForObject("SELECT COALESCE(MAX(attempts), 0) FROM bulwark_outbox WHERE aggregate_id LIKE ?",
				Integer.class, prefix + "%"))
			.as("attempts counted during the outage")
			.isZero();
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM bulwark_outbox WHERE abandoned_at IS NOT NULL AND aggregate_id LIKE ?",
				Integer.class, prefix + "%")).isZero();
	}

	/**
	 * The ten committed events arrived, each once, in order per aggregate, and the rolled-back one never.
	 */
	static void assertDeliveredOnceInOrder(List<Delivered> delivered, String prefix) {
		for (String aggregate : List.of(prefix + "a", prefix + "b")) {
			assertThat(delivered.stream()
				.filter((message) -> message.aggregate().equals(aggregate))
				.map((message) -> Integer.parseInt(message.payload().replaceAll("\\D+", "")))
				.toList()).as("order of aggregate " + aggregate).isSorted().hasSize(5);
		}
		assertThat(delivered).extracting(Delivered::payload).noneMatch((payload) -> payload.contains("-1"));
		assertThat(delivered).extracting(Delivered::eventId).doesNotHaveDuplicates();
	}

}
