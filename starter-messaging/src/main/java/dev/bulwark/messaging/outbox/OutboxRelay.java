package dev.bulwark.messaging.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers pending outbox events to the broker, oldest first, and marks each done only after the broker
 * acknowledged it. One instance relays at a time: each batch starts by locking the single row of
 * {@code bulwark_outbox_lock} (portable across PostgreSQL, MySQL and H2), because relays running in parallel, even
 * with {@code SKIP LOCKED}, could deliver an aggregate's events out of order. When a delivery fails the batch stops
 * there (so order is kept) and the relay backs off, doubling its wait up to the maximum, until the broker is back.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final OutboxTransport transport;

	private final OutboxProperties properties;

	private final JsonMapper json;

	private final AtomicLong nextDelayMillis;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile Instant lastCleanup = Instant.EPOCH;

	private @Nullable Timer publishTime;

	private @Nullable Counter failures;

	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, OutboxTransport transport,
			OutboxProperties properties, JsonMapper json) {
		this.jdbc = jdbc;
		this.transactions = transactions;
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
			.description("Outbox events not yet acknowledged by the broker")
			.register(registry);
		Gauge.builder("bulwark.outbox.oldest.pending.age", this, OutboxRelay::oldestPendingSeconds)
			.baseUnit("seconds")
			.description("Age of the oldest outbox event not yet acknowledged")
			.register(registry);
		this.publishTime = Timer.builder("bulwark.outbox.publish")
			.description("Time from handing an event to the broker to its acknowledgement")
			.register(registry);
		this.failures = Counter.builder("bulwark.outbox.failures")
			.description("Deliveries the broker did not acknowledge")
			.register(registry);
	}

	/**
	 * Relays one batch now.
	 * @return how many events were delivered
	 */
	public int relayOnce() {
		Batch batch = this.transactions.execute((status) -> {
			this.jdbc.queryForList("SELECT name FROM bulwark_outbox_lock WHERE name = 'relay' FOR UPDATE");
			List<OutboxEvent> events = this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement(
						"SELECT seq, event_id, aggregate_type, aggregate_id, event_type, payload, headers FROM bulwark_outbox"
								+ " WHERE published_at IS NULL ORDER BY seq");
				statement.setMaxRows(this.properties.getBatchSize());
				return statement;
			}, (row, number) -> new OutboxEvent(row.getLong("seq"), row.getString("event_id"),
					row.getString("aggregate_type"), row.getString("aggregate_id"), row.getString("event_type"),
					row.getString("payload"), headers(row.getString("headers"))));
			int sent = 0;
			for (OutboxEvent event : events) {
				long start = System.nanoTime();
				try {
					this.transport.send(event);
				}
				catch (Exception ex) {
					if (this.failures != null) {
						this.failures.increment();
					}
					String error = String.valueOf(ex.getMessage());
					this.jdbc.update("UPDATE bulwark_outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
							error.substring(0, Math.min(error.length(), 1000)), event.seq());
					// commit what was delivered; the rest waits, in order, for the next attempt
					return new Batch(sent, ex);
				}
				if (this.publishTime != null) {
					this.publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
				this.jdbc.update("UPDATE bulwark_outbox SET published_at = ? WHERE seq = ?", Timestamp.from(Instant.now()),
						event.seq());
				sent++;
			}
			return new Batch(sent, null);
		});
		if (batch == null) {
			return 0;
		}
		if (batch.failure() != null) {
			throw new DeliveryStopped(batch.sent(), batch.failure());
		}
		return batch.sent();
	}

	private record Batch(int sent, @Nullable Exception failure) {
	}

	private Map<String, String> headers(@Nullable String headers) {
		return (headers != null) ? this.json.readValue(headers, HEADERS) : Map.of();
	}

	private void runScheduled() {
		try {
			try {
				relayOnce();
				this.nextDelayMillis.set(this.properties.getPollInterval().toMillis());
			}
			catch (DeliveryStopped ex) {
				long next = Math.min(this.nextDelayMillis.get() * 2, this.properties.getMaxBackoff().toMillis());
				this.nextDelayMillis.set(next);
				logger.warn("Outbox delivery stopped after {} event(s); retrying in {} ms: {}", ex.delivered, next,
						ex.getCause().toString());
			}
			cleanUp();
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

	private void cleanUp() {
		Instant now = Instant.now();
		if (Duration.between(this.lastCleanup, now).toHours() >= 1) {
			this.lastCleanup = now;
			this.jdbc.update("DELETE FROM bulwark_outbox WHERE published_at < ?",
					Timestamp.from(now.minus(this.properties.getRetention())));
		}
	}

	long pending() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM bulwark_outbox WHERE published_at IS NULL",
				Long.class);
		return (count != null) ? count : 0;
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
				"SELECT MIN(created_at) FROM bulwark_outbox WHERE published_at IS NULL", Timestamp.class);
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
			scheduler.shutdownNow();
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
