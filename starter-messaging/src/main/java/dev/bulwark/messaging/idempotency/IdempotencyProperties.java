package dev.bulwark.messaging.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency-Key handling of POST and PATCH requests.
 */
@Validated
@ConfigurationProperties("bulwark.messaging.idempotency")
public class IdempotencyProperties {

	/**
	 * Whether requests carrying the header are answered at most once.
	 */
	private boolean enabled = true;

	/**
	 * Request header carrying the client's key.
	 */
	private String headerName = "Idempotency-Key";

	/**
	 * How long a key is remembered; a request with an older key runs again.
	 */
	private Duration ttl = Duration.ofHours(24);

	/**
	 * How long a key stays claimed while its first request runs: a retry meanwhile is 409. A request whose process
	 * died leaves its key free for a retry after this (longer than your slowest request, or a retry may run while
	 * the first still does).
	 */
	@DurationMin(millis = 1)
	private Duration inProgressLease = Duration.ofMinutes(1);

	/**
	 * How often keys past their time are deleted (in batches of 500); a key that comes back first is replaced
	 * anyway.
	 */
	@DurationMin(millis = 1)
	private Duration cleanupInterval = Duration.ofHours(1);

	/**
	 * Longest key accepted.
	 */
	private int maxKeyLength = 255;

	/**
	 * Methods the header applies to.
	 */
	private List<String> methods = new ArrayList<>(List.of("POST", "PATCH"));

	/**
	 * Whether the bulwark_idempotency_key table is created at start-up when it does not exist (the script for the
	 * database in use, from dev/bulwark/messaging/idempotency/schema-*.sql). Off: create it with your migrations.
	 */
	private boolean initializeSchema = false;

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

	public Duration getInProgressLease() {
		return this.inProgressLease;
	}

	public void setInProgressLease(Duration inProgressLease) {
		this.inProgressLease = inProgressLease;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHeaderName() {
		return this.headerName;
	}

	public void setHeaderName(String headerName) {
		this.headerName = headerName;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public int getMaxKeyLength() {
		return this.maxKeyLength;
	}

	public void setMaxKeyLength(int maxKeyLength) {
		this.maxKeyLength = maxKeyLength;
	}

	public List<String> getMethods() {
		return this.methods;
	}

	public void setMethods(List<String> methods) {
		this.methods = methods;
	}

	public boolean isInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(boolean initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

}
