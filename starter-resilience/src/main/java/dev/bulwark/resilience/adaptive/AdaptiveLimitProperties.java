package dev.bulwark.resilience.adaptive;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Adaptive concurrency limit of inbound requests (Netflix concurrency-limits' Gradient2 algorithm): the limit grows
 * while latency stays at its long-term level and shrinks as soon as requests start to queue, and requests over the
 * limit are refused with 503 at once instead of waiting in a queue.
 */
@ConfigurationProperties("bulwark.resilience.adaptive-limit")
public class AdaptiveLimitProperties {

	/**
	 * Whether inbound requests pass the adaptive limiter.
	 */
	private boolean enabled = true;

	/**
	 * Concurrency limit to start from.
	 */
	private int initialLimit = 50;

	/**
	 * The limit never goes below this.
	 */
	private int minLimit = 10;

	/**
	 * The limit never goes above this.
	 */
	private int maxLimit = 1000;

	/**
	 * Paths (Ant style) that bypass the limiter entirely: probes and scrapes, so that an overloaded instance is
	 * still seen alive and measured.
	 */
	private List<String> excludedPaths = new ArrayList<>(
			List.of("/health", "/ready", "/metrics", "/actuator/**"));

	/**
	 * Paths (Ant style) of critical routes, which keep a reserved share of the limit when other routes saturate it.
	 */
	private List<String> criticalPaths = new ArrayList<>();

	/**
	 * Share of the limit reserved for critical routes, between 0 and 1.
	 */
	private double criticalShare = 0.5;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getInitialLimit() {
		return this.initialLimit;
	}

	public void setInitialLimit(int initialLimit) {
		this.initialLimit = initialLimit;
	}

	public int getMinLimit() {
		return this.minLimit;
	}

	public void setMinLimit(int minLimit) {
		this.minLimit = minLimit;
	}

	public int getMaxLimit() {
		return this.maxLimit;
	}

	public void setMaxLimit(int maxLimit) {
		this.maxLimit = maxLimit;
	}

	public List<String> getExcludedPaths() {
		return this.excludedPaths;
	}

	public void setExcludedPaths(List<String> excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	public List<String> getCriticalPaths() {
		return this.criticalPaths;
	}

	public void setCriticalPaths(List<String> criticalPaths) {
		this.criticalPaths = criticalPaths;
	}

	public double getCriticalShare() {
		return this.criticalShare;
	}

	public void setCriticalShare(double criticalShare) {
		this.criticalShare = criticalShare;
	}

}
