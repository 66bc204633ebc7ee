package dev.bulwark.messaging.idempotency;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
	public Claim claim(String key, String fingerprint, Duration ttl) {
		Instant now = Instant.now();
		this.jdbc.update("DELETE FROM bulwark_idempotency_key WHERE storage_key = ? AND expires_at < ?", key,
				Timestamp.from(now));
		try {
			this.jdbc.update(
					"INSERT INTO bulwark_idempotency_key (storage_key, fingerprint, state, expires_at) VALUES (?, ?, ?, ?)",
					key, fingerprint, "IN_PROGRESS", Timestamp.from(now.plus(ttl)));
			return Claim.of(State.CLAIMED);
		}
		catch (DuplicateKeyException ex) {
			return existing(key, fingerprint);
		}
	}

	private Claim existing(String key, String fingerprint) {
		List<Claim> claims = this.jdbc.query(
				"SELECT fingerprint, state, status, content_type, location, body FROM bulwark_idempotency_key WHERE storage_key = ?",
				(row, number) -> {
					if (!fingerprint.equals(row.getString("fingerprint").trim())) {
						return Claim.of(State.MISMATCH);
					}
					if (!"COMPLETED".equals(row.getString("state"))) {
						return Claim.of(State.IN_PROGRESS);
					}
					byte[] body = row.getBytes("body");
					return new Claim(State.COMPLETED, new StoredResponse(row.getInt("status"),
							row.getString("content_type"), row.getString("location"), (body != null) ? body : new byte[0]));
				}, key);
		// gone between the insert and the select (expired and deleted): the client may simply retry
		return claims.isEmpty() ? Claim.of(State.IN_PROGRESS) : claims.getFirst();
	}

	@Override
	public void complete(String key, StoredResponse response) {
		this.jdbc.update(
				"UPDATE bulwark_idempotency_key SET state = 'COMPLETED', status = ?, content_type = ?, location = ?, body = ? WHERE storage_key = ?",
				response.status(), response.contentType(), response.location(), response.body(), key);
	}

	@Override
	public void release(String key) {
		this.jdbc.update("DELETE FROM bulwark_idempotency_key WHERE storage_key = ? AND state = 'IN_PROGRESS'", key);
	}

}
