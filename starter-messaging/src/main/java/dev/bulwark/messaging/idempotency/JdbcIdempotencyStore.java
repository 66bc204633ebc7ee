package dev.bulwark.messaging.idempotency;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys in the table {@code bulwark_idempotency_key} of the service's own database. A key is claimed by inserting
 * its row: the primary key makes exactly one of two concurrent requests win, on any database.
 */
public class JdbcIdempotencyStore implements IdempotencyStore {

	private final JdbcTemplate jdbc;

	public JdbcIdempotencyStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Claim claim(String key, String fingerprint, Duration lease) {
		Instant now = Instant.now();
		// a request that died leaves its key IN_PROGRESS until its lease ends; a done one until its time to live
		this.jdbc.update("DELETE FROM bulwark_idempotency_key WHERE storage_key = ? AND expires_at < ?", key,
				Timestamp.from(now));
		try {
			this.jdbc.update(
					"INSERT INTO bulwark_idempotency_key (storage_key, fingerprint, state, expires_at) VALUES (?, ?, ?, ?)",
					key, fingerprint, "IN_PROGRESS", Timestamp.from(now.plus(lease)));
			return Claim.of(State.CLAIMED);
		}
		catch (DuplicateKeyException ex) {
			return existing(key, fingerprint);
		}
	}

	private Claim existing(String key, String fingerprint) {
		List<Claim> claims = this.jdbc.query(
				"SELECT fingerprint, state, status, content_type, location, headers, body FROM bulwark_idempotency_key"
						+ " WHERE storage_key = ?",
				(row, number) -> {
					if (!fingerprint.equals(row.getString("fingerprint").trim())) {
						return Claim.of(State.MISMATCH);
					}
					String state = row.getString("state");
					if ("COMMITTED".equals(state)) {
						return Claim.of(State.COMMITTED);
					}
					if (!"COMPLETED".equals(state)) {
						return Claim.of(State.IN_PROGRESS);
					}
					byte[] body = row.getBytes("body");
					return new Claim(State.COMPLETED,
							new StoredResponse(row.getInt("status"), row.getString("content_type"), row.getString("location"),
									headers(row.getString("headers")), (body != null) ? body : new byte[0]));
				}, key);
		// gone between the insert and the select (expired and deleted): the client may simply retry
		return claims.isEmpty() ? Claim.of(State.IN_PROGRESS) : claims.getFirst();
	}

	@Override
	public void markCommitted(String key, Duration ttl) {
		this.jdbc.update("UPDATE bulwark_idempotency_key SET state = 'COMMITTED', expires_at = ? WHERE storage_key = ?"
				+ " AND state = 'IN_PROGRESS'", Timestamp.from(Instant.now().plus(ttl)), key);
	}

	@Override
	public void complete(String key, StoredResponse response, Duration ttl) {
		this.jdbc.update("UPDATE bulwark_idempotency_key SET state = 'COMPLETED', status = ?, content_type = ?,"
				+ " location = ?, headers = ?, body = ?, expires_at = ? WHERE storage_key = ?", response.status(),
				response.contentType(), response.location(), headers(response.headers()), response.body(),
				Timestamp.from(Instant.now().plus(ttl)), key);
	}

	/** One "name: value" line per value: header values hold no line breaks. */
	private static @Nullable String headers(Map<String, List<String>> headers) {
		if (headers.isEmpty()) {
			return null;
		}
		StringBuilder lines = new StringBuilder();
		headers.forEach((name, values) -> values.forEach((value) -> lines.append(name).append(": ").append(value)
			.append('\n')));
		return lines.toString();
	}

	private static Map<String, List<String>> headers(@Nullable String lines) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (lines != null) {
			for (String line : lines.split("\n")) {
				int colon = line.indexOf(": ");
				if (colon > 0) {
					headers.computeIfAbsent(line.substring(0, colon), (name) -> new ArrayList<>())
						.add(line.substring(colon + 2));
				}
			}
		}
		return headers;
	}

	@Override
	public void release(String key) {
		this.jdbc.update("DELETE FROM bulwark_idempotency_key WHERE storage_key = ? AND state = 'IN_PROGRESS'", key);
	}

}
