package dev.bulwark.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes the rows of one of the starter's tables that are past their time, every interval, in small batches (each
 * a short statement of its own), so that the table stays bounded under steady traffic and no long delete holds locks
 * that writers wait on.
 */
public class TableCleanup implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TableCleanup.class);

	/**
	 * Most rows deleted by one statement.
	 */
	public static final int BATCH = 500;

	private final JdbcTemplate jdbc;

	private final String table;

	private final List<String> keyColumns;

	private final String condition;

	private final Supplier<Object[]> arguments;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService scheduler;

	/**
	 * @param jdbc the database
	 * @param table the table
	 * @param keyColumns the columns of its primary key
	 * @param condition which rows are past their time, an SQL condition with {@code ?} placeholders
	 * @param arguments the placeholders' values, computed at each run (such as now minus the retention)
	 * @param interval how often it runs
	 */
	public TableCleanup(JdbcTemplate jdbc, String table, List<String> keyColumns, String condition,
			Supplier<Object[]> arguments, Duration interval) {
		this.jdbc = jdbc;
		this.table = table;
		this.keyColumns = keyColumns;
		this.condition = condition;
		this.arguments = arguments;
		this.interval = interval;
	}

	/**
	 * Deletes every row past its time now, batch by batch.
	 * @return how many rows were deleted
	 */
	public int cleanUp() {
		String select = "SELECT " + String.join(", ", this.keyColumns) + " FROM " + this.table + " WHERE "
				+ this.condition;
		String delete = "DELETE FROM " + this.table + " WHERE "
				+ this.keyColumns.stream().map((column) -> column + " = ?").collect(Collectors.joining(" AND "));
		Object[] arguments = this.arguments.get();
		int deleted = 0;
		while (true) {
			List<Object[]> keys = this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement(select);
				for (int i = 0; i < arguments.length; i++) {
					statement.setObject(i + 1, arguments[i]);
				}
				statement.setMaxRows(BATCH);
				return statement;
			}, (row, number) -> {
				Object[] key = new Object[this.keyColumns.size()];
				for (int i = 0; i < key.length; i++) {
					key[i] = row.getObject(i + 1);
				}
				return key;
			});
			if (!keys.isEmpty()) {
				this.jdbc.batchUpdate(delete, keys);
				deleted += keys.size();
			}
			if (keys.size() < BATCH) {
				return deleted;
			}
		}
	}

	private void run() {
		try {
			int deleted = cleanUp();
			if (deleted > 0) {
				logger.debug("Deleted {} row(s) of {} past their time", deleted, this.table);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cleaning up {} failed; trying again in {}", this.table, this.interval, ex);
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("bulwark-cleanup-" + this.table).daemon().factory());
		this.scheduler = scheduler;
		scheduler.scheduleWithFixedDelay(this::run, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
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

}
