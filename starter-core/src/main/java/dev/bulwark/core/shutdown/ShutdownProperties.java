package dev.bulwark.core.shutdown;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Graceful shutdown. The maximum time for in-flight requests to complete is Spring Boot's own
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
@ConfigurationProperties("bulwark.shutdown")
public class ShutdownProperties {

	/**
	 * Whether shutdown waits for the drain delay after readiness turns to refusing traffic.
	 */
	private boolean enabled = true;

	/**
	 * How long the server keeps serving after readiness turned to refusing traffic, so that load balancers and
	 * Kubernetes endpoints stop sending new requests before the server stops accepting them. Defaults to 5s on a
	 * cloud platform such as Kubernetes and to 0 elsewhere.
	 */
	private @Nullable Duration drainDelay;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getDrainDelay() {
		return this.drainDelay;
	}

	public void setDrainDelay(@Nullable Duration drainDelay) {
		this.drainDelay = drainDelay;
	}

}
