package dev.bulwark.messaging.inbox;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The inbox of idempotent consumers.
 */
@Validated
@ConfigurationProperties("bulwark.messaging.inbox")
public class InboxProperties {

	/**
	 * Whether the inbox is available to consumers.
	 */
	private boolean enabled = true;

	/**
	 * Whether the bulwark_inbox table is created at start-up when it does not exist (the script for the database in
	 * use, from dev/bulwark/messaging/inbox/schema-*.sql). Off: create it with your migrations.
	 */
	private boolean initializeSchema = false;

	/**
	 * How long an applied event is remembered. A copy that arrives later is applied again: keep it longer than the
	 * longest your broker or a relay may redeliver (the outbox resends only events not yet acknowledged).
	 */
	private Duration retention = Duration.ofDays(7);

	/**
	 * How often events past the retention are deleted (in batches of 500).
	 */
	@DurationMin(millis = 1)
	private Duration cleanupInterval = Duration.ofHours(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(boolean initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

}
