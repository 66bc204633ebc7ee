package dev.bulwark.messaging.outbox;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers pending outbox events to the broker, oldest first, and marks each done, in a transaction of its own, as
 * soon as the broker acknowledged it. One instance relays at a time, because relays running in parallel could
 * deliver an aggregate's events out of order: each batch starts by taking or renewing a lease on the single row of
 * {@code bulwark_outbox_lock} (a short update, portable across PostgreSQL, MySQL/MariaDB and H2; no lock or
 * transaction is held while the broker is called). The holder sends only while its lease has a third of its time
 * left, so a holder that died, or lost its database, is replaced by another instance within one lease
 * ({@code lease}), and the two never send at the same time (the instances' clocks agreeing, as NTP keeps them).
 * <p>
 * An event the broker does not acknowledge holds back the later events of its aggregate, never those of others. It
 * is tried again after a back-off that doubles from the poll interval up to the maximum. Each failure counts as an
 * attempt, unless it looks like the broker rather than the event (an I/O error, a time-out, a refused connection,
 * while no event of the batch was acknowledged): then nothing counts and the relay backs off as a whole, so a broker
 * that is down abandons nothing. After {@code max-attempts} (at once for an {@link EventRefusedException} that is
 * permanent) the event is abandoned: kept with its last error, listed and re-driven by the outbox actuator endpoint,
 * and its aggregate's later events wait behind it (or skip it, as configured).
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate eachEvent;

	private final OutboxTransport transport;

	private final OutboxProperties properties;

	private final JsonMapper json;

	private final AtomicLong nextDelayMillis;

	private final String owner = UUID.randomUUID().toString();

	private volatile long sendUntilNanos;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private @Nullable Timer publishTime;

	private @Nullable Counter failures;

	private @Nullable Counter abandonments;

	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, OutboxTransport transport,
			OutboxProperties properties, JsonMapper json) {
		this.jdbc = jdbc;
		this.eachEvent = new TransactionTemplate(
				Objects.requireNonNull(transactions.getTransactionManager(), "transactionManager"));
		this.eachEvent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.transport = transport;
		this.properties = properties;
		this.json = json;
		this.nextDelayMillis = new AtomicLong(properties.getPollInterval().toMillis());
		try {
			this.jdbc.update("INSERT INTO bulwark_outbox_lock (name) SELECT 'relay' WHERE NOT EXISTS "
					+ "(SELECT 1 FROM bulwark_outbox_lock WHERE name = 'relay')");
		}
		catch (DataAccessException ex) {
			throw new InvalidBulwarkPropertyException("bulwark.messaging.outbox.initialize-schema",
					properties.isInitializeSchema(), "the outbox tables bulwark_outbox and bulwark_outbox_lock do not exist",
					"Create them from dev/bulwark/messaging/outbox/schema-<database>.sql in your migrations, set "
							+ "bulwark.messaging.outbox.initialize-schema=true, or bulwark.messaging.outbox.enabled=false.");
		}
	}

	/**
	 * Registers the outbox's metrics.
	 * @param registry where
	 */
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("bulwark.outbox.pending", this, OutboxRelay::pending)
			.description("Outbox events not yet acknowledged by the broker, abandoned ones aside")
			.register(registry);
		Gauge.builder("bulwark.outbox.oldest.pending.age", this, OutboxRelay::oldestPendingSeconds)
			.baseUnit("seconds")
			.description("Age of the oldest outbox event not yet acknowledged, abandoned ones aside")
			.register(registry);
		Gauge.builder("bulwark.outbox.abandoned", this, OutboxRelay::abandoned)
			.description("Outbox events abandoned after max-attempts, waiting to be re-driven")
			.register(registry);
		this.publishTime = Timer.builder("bulwark.outbox.publish")
			.description("Time from handing an event to the broker to its acknowledgement")
			.register(registry);
		this.failures = Counter.builder("bulwark.outbox.failures")
			.description("Deliveries the broker did not acknowledge")
			.register(registry);
		this.abandonments = Counter.builder("bulwark.outbox.abandonments")
			.description("Events abandoned after max-attempts or a permanent refusal")
			.register(registry);
	}

	/**
	 * Relays one batch now.
	 * @return how many events were delivered
	 */
	public int relayOnce() {
		if (!claimLease()) {
			return 0;
		}
		Batch batch = deliver(nextBatch());
		if (batch.sent() == 0 && batch.failure() != null) {
			throw new DeliveryStopped(batch.sent(), batch.failure());
		}
		return batch.sent();
	}

	/**
	 * Takes the relay's lease, or renews it, unless another instance holds it.
	 * @return whether this instance may relay now
	 */
	private boolean claimLease() {
		Duration lease = this.properties.getLease();
		long start = System.nanoTime();
		Instant now = Instant.now();
		int claimed = this.jdbc.update("UPDATE bulwark_outbox_lock SET owner = ?, lease_until = ?"
				+ " WHERE name = 'relay' AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)",
				this.owner, Timestamp.from(now.plus(lease)), this.owner, Timestamp.from(now));
		// send only while a third of the lease is left: the next holder starts once all of it has passed
		this.sendUntilNanos = start + lease.toNanos() * 2 / 3;
		return claimed == 1;
	}

	private boolean leaseHeld() {
		return System.nanoTime() - this.sendUntilNanos < 0;
	}

	/**
	 * Gives the lease up, so that another instance takes over at once.
	 */
	private void releaseLease() {
		try {
			this.jdbc.update("UPDATE bulwark_outbox_lock SET owner = NULL, lease_until = NULL WHERE name = 'relay'"
					+ " AND owner = ?", this.owner);
		}
		catch (DataAccessException ex) {
			logger.debug("Could not give the outbox relay's lease up; it ends by itself", ex);
		}
	}

	/**
	 * The oldest pending events whose aggregates are not held back, at most a batch: an aggregate is held back while
	 * one of its events waits out its back-off, or is abandoned (with {@code after-abandoned: wait}). The few held
	 * aggregates are read first (through the indexes on next_attempt_at and abandoned_at), then pending events page by
	 * page in order, so that a long queue behind one held aggregate cannot starve the others.
	 */
	private List<Pending> nextBatch() {
		Timestamp now = Timestamp.from(Instant.now());
		Set<String> heldBack = new HashSet<>();
		RowCallbackHandler hold = (row) -> heldBack.add(aggregate(row.getString(1), row.getString(2)));
		this.jdbc.query("SELECT DISTINCT aggregate_type, aggregate_id FROM bulwark_outbox WHERE next_attempt_at > ?"
				+ " AND published_at IS NULL", hold, now);
		if (this.properties.getAfterAbandoned() == OutboxProperties.AfterAbandoned.WAIT) {
			this.jdbc.query("SELECT DISTINCT aggregate_type, aggregate_id FROM bulwark_outbox"
					+ " WHERE abandoned_at IS NOT NULL AND published_at IS NULL", hold);
		}
		int size = this.properties.getBatchSize();
		List<Pending> batch = new ArrayList<>();
		long after = -1;
		for (int page = 0; page < 10 && batch.size() < size; page++) {
			long from = after;
			List<Pending> events = this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement(
						"SELECT seq, event_id, aggregate_type, aggregate_id, event_type, payload, headers, attempts"
								+ " FROM bulwark_outbox WHERE published_at IS NULL AND seq > ? AND abandoned_at IS NULL"
								+ " ORDER BY seq");
				statement.setLong(1, from);
				statement.setMaxRows(size);
				return statement;
			}, (row, number) -> new Pending(new OutboxEvent(row.getLong("seq"), row.getString("event_id"),
					row.getString("aggregate_type"), row.getString("aggregate_id"), row.getString("event_type"),
					row.getString("payload"), headers(row.getString("headers"))), row.getInt("attempts")));
			for (Pending pending : events) {
				if (batch.size() < size
						&& !heldBack.contains(aggregate(pending.event().aggregateType(), pending.event().aggregateId()))) {
					batch.add(pending);
				}
			}
			if (events.size() < size) {
				break;
			}
			after = events.get(events.size() - 1).event().seq();
		}
		return batch;
	}

	private static String aggregate(String type, String id) {
		return type + "\u0000" + id;
	}

	/**
	 * Sends the events in order. An aggregate whose event failed sends nothing more in this batch. A failure counts
	 * as an attempt unless it looks like the broker, not the event: a connection or time-out error while no event of
	 * the batch was acknowledged.
	 */
	private Batch deliver(List<Pending> events) {
		Set<String> held = new HashSet<>();
		List<Failed> failed = new ArrayList<>();
		int sent = 0;
		for (Pending pending : events) {
			OutboxEvent event = pending.event();
			String aggregate = aggregate(event.aggregateType(), event.aggregateId());
			if (held.contains(aggregate)) {
				continue;
			}
			if (!leaseHeld()) {
				// the lease runs out: the rest waits for the next batch, under a renewed lease or another holder
				break;
			}
			long start = System.nanoTime();
			try {
				this.transport.send(event);
			}
			catch (Exception ex) {
				if (this.failures != null) {
					this.failures.increment();
				}
				held.add(aggregate);
				failed.add(new Failed(event, pending.attempts(), ex));
				if (sent == 0 && failed.size() >= 3 && failed.stream().allMatch(Failed::brokerUnreachable)) {
					// three aggregates in a row and nothing acknowledged: the broker is down, not these events
					break;
				}
				continue;
			}
			if (this.publishTime != null) {
				this.publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
			this.eachEvent.executeWithoutResult((status) -> this.jdbc.update(
					"UPDATE bulwark_outbox SET published_at = ? WHERE seq = ?", Timestamp.from(Instant.now()), event.seq()));
			sent++;
		}
		for (Failed failure : failed) {
			record(failure, sent > 0 || !failure.brokerUnreachable());
		}
		return new Batch(sent, failed.isEmpty() ? null : failed.get(0).error());
	}

	private void record(Failed failure, boolean counts) {
		OutboxEvent event = failure.event();
		String error = String.valueOf(failure.error().getMessage());
		error = error.substring(0, Math.min(error.length(), 1000));
		if (!counts) {
			String lastError = error;
			this.eachEvent.executeWithoutResult((status) -> this.jdbc
				.update("UPDATE bulwark_outbox SET last_error = ? WHERE seq = ?", lastError, event.seq()));
			return;
		}
		int attempts = failure.attempts() + 1;
		boolean abandon = attempts >= this.properties.getMaxAttempts()
				|| (failure.error() instanceof EventRefusedException refused && refused.isPermanent());
		Instant now = Instant.now();
		long backoff = Math.min(this.properties.getPollInterval().toMillis() << Math.min(attempts, 20),
				this.properties.getMaxBackoff().toMillis());
		String lastError = error;
		this.eachEvent.executeWithoutResult((status) -> this.jdbc.update(
				"UPDATE bulwark_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, abandoned_at = ? WHERE seq = ?",
				attempts, lastError, Timestamp.from(now.plusMillis(backoff)), abandon ? Timestamp.from(now) : null,
				event.seq()));
		if (abandon) {
			if (this.abandonments != null) {
				this.abandonments.increment();
			}
			logger.error("Outbox event {} ({} of {} {}) abandoned after {} attempt(s): {}", event.eventId(),
					event.eventType(), event.aggregateType(), event.aggregateId(), attempts, lastError);
		}
	}

	private record Batch(int sent, @Nullable Exception failure) {
	}

	private record Pending(OutboxEvent event, int attempts) {
	}

	private record Failed(OutboxEvent event, int attempts, Exception error) {

		/**
		 * @return whether the error says the broker could not be reached or did not answer in time (an I/O error, a
		 * time-out, a refused connection), rather than that it refused this event
		 */
		boolean brokerUnreachable() {
			if (this.error instanceof EventRefusedException) {
				return false;
			}
			for (Throwable cause = this.error; cause != null; cause = cause.getCause()) {
				String name = cause.getClass().getSimpleName();
				// IOException, and by name: java.util.concurrent.TimeoutException, Kafka's TimeoutException,
				// Spring AMQP's AmqpConnectException, java.net.ConnectException and their kin
				if (cause instanceof IOException || name.contains("Timeout") || name.contains("Connect")) {
					return true;
				}
			}
			return false;
		}

	}

	private Map<String, String> headers(@Nullable String headers) {
		return (headers != null) ? this.json.readValue(headers, HEADERS) : Map.of();
	}

	private void runScheduled() {
		try {
			try {
				int sent = relayOnce();
				// a full batch: more are likely waiting, so the next one starts at once
				this.nextDelayMillis
					.set((sent >= this.properties.getBatchSize()) ? 0 : this.properties.getPollInterval().toMillis());
			}
			catch (DeliveryStopped ex) {
				long next = Math.min(Math.max(this.nextDelayMillis.get(), this.properties.getPollInterval().toMillis()) * 2,
						this.properties.getMaxBackoff().toMillis());
				this.nextDelayMillis.set(next);
				logger.warn("Outbox delivery stopped after {} event(s); retrying in {} ms: {}", ex.delivered, next,
						ex.getCause().toString());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox relay failed; retrying", ex);
		}
		finally {
			ScheduledExecutorService current = this.scheduler;
			if (current != null && !current.isShutdown()) {
				current.schedule(this::runScheduled, this.nextDelayMillis.get(), TimeUnit.MILLISECONDS);
			}
		}
	}

	long pending() {
		Long count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM bulwark_outbox WHERE published_at IS NULL AND abandoned_at IS NULL", Long.class);
		return (count != null) ? count : 0;
	}

	long abandoned() {
		Long count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM bulwark_outbox WHERE published_at IS NULL AND abandoned_at IS NOT NULL", Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * @param limit most events listed
	 * @return the abandoned events, oldest first
	 */
	public List<AbandonedEvent> abandonedEvents(int limit) {
		return this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("SELECT event_id, aggregate_type, aggregate_id, event_type,"
					+ " attempts, last_error, created_at, abandoned_at FROM bulwark_outbox"
					+ " WHERE published_at IS NULL AND abandoned_at IS NOT NULL ORDER BY seq");
			statement.setMaxRows(limit);
			return statement;
		}, (row, number) -> new AbandonedEvent(row.getString("event_id"), row.getString("aggregate_type"),
				row.getString("aggregate_id"), row.getString("event_type"), row.getInt("attempts"),
				row.getString("last_error"), row.getTimestamp("created_at").toInstant(),
				row.getTimestamp("abandoned_at").toInstant()));
	}

	/**
	 * Gives abandoned events a fresh start: the relay tries them again at once, with max-attempts anew.
	 * @param eventId the event to re-drive; none re-drives every abandoned event
	 * @return how many events were re-driven
	 */
	public int redrive(@Nullable String eventId) {
		String sql = "UPDATE bulwark_outbox SET abandoned_at = NULL, next_attempt_at = NULL, attempts = 0"
				+ " WHERE published_at IS NULL AND abandoned_at IS NOT NULL";
		int redriven = (eventId != null) ? this.jdbc.update(sql + " AND event_id = ?", eventId) : this.jdbc.update(sql);
		if (redriven > 0) {
			logger.info("Outbox: {} abandoned event(s) re-driven", redriven);
		}
		return redriven;
	}

	/**
	 * An event the relay gave up on.
	 *
	 * @param eventId its id
	 * @param aggregateType the aggregate's type
	 * @param aggregateId the aggregate's id
	 * @param eventType what happened
	 * @param attempts attempts made
	 * @param lastError the broker's last answer
	 * @param createdAt when it was published in its transaction
	 * @param abandonedAt when the relay gave up
	 */
	public record AbandonedEvent(String eventId, String aggregateType, String aggregateId, String eventType,
			int attempts, @Nullable String lastError, Instant createdAt, Instant abandonedAt) {
	}

	/**
	 * @return how long the oldest event not yet acknowledged by the broker has waited ({@link Duration#ZERO} when
	 * every event was delivered): how far behind consumers of this service's events may be, at least
	 */
	public Duration oldestPendingAge() {
		return Duration.ofMillis((long) (oldestPendingSeconds() * 1000));
	}

	double oldestPendingSeconds() {
		Timestamp oldest = this.jdbc.queryForObject(
				"SELECT MIN(created_at) FROM bulwark_outbox WHERE published_at IS NULL AND abandoned_at IS NULL",
				Timestamp.class);
		return (oldest != null) ? Duration.between(oldest.toInstant(), Instant.now()).toMillis() / 1000.0 : 0;
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bulwark-outbox-relay").daemon().factory());
		this.scheduler = scheduler;
		scheduler.schedule(this::runScheduled, this.properties.getPollInterval().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			// the batch in flight finishes (its events are marked one by one), then nothing more starts
			scheduler.shutdown();
			try {
				if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
					scheduler.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				scheduler.shutdownNow();
				Thread.currentThread().interrupt();
			}
			releaseLease();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * A batch ended at an event the broker did not acknowledge; the events before it were delivered.
	 */
	static final class DeliveryStopped extends RuntimeException {

		final int delivered;

		DeliveryStopped(int delivered, Exception cause) {
			super("Outbox delivery stopped", cause);
			this.delivered = delivered;
		}

	}

}
