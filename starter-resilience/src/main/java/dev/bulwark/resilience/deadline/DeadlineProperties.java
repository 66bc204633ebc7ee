package dev.bulwark.resilience.deadline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Inbound deadlines, which cap the outbound calls a request makes.
 */
@ConfigurationProperties("bulwark.resilience.deadline")
public class DeadlineProperties {

	/**
	 * Whether inbound requests carry a deadline to their outbound calls.
	 */
	private boolean enabled = true;

	/**
	 * Request header holding the caller's remaining budget in milliseconds. Outbound calls send their own remaining
	 * budget in the same header.
	 */
	private String headerName = "X-Request-Timeout";

	/**
	 * Budget of a request that names none: the server's own limit.
	 */
	private Duration defaultTimeout = Duration.ofSeconds(30);

	/**
	 * Largest budget accepted from a caller; a larger one is lowered to this.
	 */
	private Duration maxTimeout = Duration.ofSeconds(60);

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

	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public Duration getMaxTimeout() {
		return this.maxTimeout;
	}

	public void setMaxTimeout(Duration maxTimeout) {
		this.maxTimeout = maxTimeout;
	}

}
