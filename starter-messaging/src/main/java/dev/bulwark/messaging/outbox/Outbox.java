package dev.bulwark.messaging.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events into the outbox table in the caller's transaction: they are published if and only if the
 * transaction commits. Calling it outside a transaction is refused, because then an event could be published for a
 * change that never happened.
 */
public class Outbox {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final String correlationMdcKey;

	public Outbox(JdbcTemplate jdbc, JsonMapper json, String correlationMdcKey) {
		this.jdbc = jdbc;
		this.json = json;
		this.correlationMdcKey = correlationMdcKey;
	}

	/**
	 * Records an event for publication when the current transaction commits.
	 * @param aggregateType the kind of thing the event is about, such as "order"
	 * @param aggregateId which one; its events are delivered in the order they are written
	 * @param eventType what happened, such as "OrderCreated"
	 * @param payload the event, written as JSON
	 * @return the event's id
	 */
	public String publish(String aggregateType, String aggregateId, String eventType, Object payload) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Outbox.publish must run in the transaction that makes the change");
		}
		String eventId = UUID.randomUUID().toString();
		Map<String, String> headers = new LinkedHashMap<>();
		copyMdc(headers, this.correlationMdcKey, "correlation-id");
		String traceId = MDC.get("traceId");
		String spanId = MDC.get("spanId");
		if (traceId != null && spanId != null) {
			headers.put("traceparent", "00-" + traceId + "-" + spanId + "-01");
		}
		this.jdbc.update(
				"INSERT INTO bulwark_outbox (event_id, aggregate_type, aggregate_id, event_type, payload, headers, created_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?)",
				eventId, aggregateType, aggregateId, eventType, this.json.writeValueAsString(payload),
				this.json.writeValueAsString(headers), Timestamp.from(Instant.now()));
		return eventId;
	}

	private static void copyMdc(Map<String, String> headers, String mdcKey, String header) {
		String value = MDC.get(mdcKey);
		if (value != null) {
			headers.put(header, value);
		}
	}

}
