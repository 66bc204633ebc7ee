package dev.bulwark.sample.summaries;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.bulwark.messaging.outbox.OutboxRelay;
import dev.bulwark.sample.customers.Caller;
import dev.bulwark.sample.customers.Callers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order summaries from the read model. It is eventually consistent, and says so: every answer carries
 * {@code Read-Model-Lag}, the age in seconds of the oldest order event not yet delivered (0 when the read model has
 * every event written so far), and each summary its {@code asOf}. An order placed a moment ago may not be here
 * yet: that is 404 with {@code Retry-After}, and {@code GET /api/orders/{id}} has the authoritative state. A caller
 * sees only its own customer's summaries (every one with the admin scope), as with orders.
 */
@RestController
@RequestMapping("/api/order-summaries")
class OrderSummaryController {

	static final String LAG_HEADER = "Read-Model-Lag";

	private static final RowMapper<OrderSummary> ROW = (row, number) -> new OrderSummary(row.getLong("order_id"),
			row.getString("customer_id"), row.getString("status"), row.getString("status_reason"),
			row.getInt("item_count"), row.getTimestamp("placed_at").toInstant(), row.getTimestamp("as_of").toInstant());

	private final JdbcTemplate jdbc;

	private final ObjectProvider<OutboxRelay> relay;

	private final Callers callers;

	OrderSummaryController(JdbcTemplate jdbc, ObjectProvider<OutboxRelay> relay, Callers callers) {
		this.jdbc = jdbc;
		this.relay = relay;
		this.callers = callers;
	}

	@GetMapping("/{orderId}")
	ResponseEntity<OrderSummary> get(@PathVariable long orderId) {
		HttpHeaders headers = lag();
		Caller caller = this.callers.current();
		List<OrderSummary> found = this.jdbc.query("SELECT * FROM order_summary WHERE order_id = ?", ROW, orderId)
			.stream()
			.filter((summary) -> caller.mayActFor(summary.customerId()))
			.toList();
		if (found.isEmpty()) {
			headers.set(HttpHeaders.RETRY_AFTER, "1");
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Order " + orderId
					+ " is not in the read model. It may not exist, or its events may not have been applied yet.");
			ErrorResponseException notFound = new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
			notFound.getHeaders().putAll(headers);
			throw notFound;
		}
		return ResponseEntity.ok().headers(headers).body(found.get(0));
	}

	@GetMapping
	ResponseEntity<List<OrderSummary>> list(@RequestParam String customerId) {
		if (!this.callers.current().mayActFor(customerId)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No order summaries of customer " + customerId + " can be found.");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		return ResponseEntity.ok()
			.headers(lag())
			.body(this.jdbc.query("SELECT * FROM order_summary WHERE customer_id = ? ORDER BY order_id", ROW,
					customerId));
	}

	private HttpHeaders lag() {
		HttpHeaders headers = new HttpHeaders();
		OutboxRelay relay = this.relay.getIfAvailable();
		@Nullable Duration lag = (relay != null) ? relay.oldestPendingAge() : null;
		if (lag != null) {
			headers.set(LAG_HEADER, String.format(java.util.Locale.ROOT, "%.3f", lag.toMillis() / 1000.0));
		}
		return headers;
	}

}
