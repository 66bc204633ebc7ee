package dev.bulwark.resilience.adaptive;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Adaptive concurrency limit of inbound requests (Netflix concurrency-limits): the limit grows while latency stays
 * at its no-load level and shrinks as soon as requests start to queue, and requests over the limit are refused at
 * once (429 by default) instead of waiting in a queue.
 */
@ConfigurationProperties("bulwark.resilience.adaptive-limit")
public class AdaptiveLimitProperties {

	/**
	 * Whether inbound requests pass the adaptive limiter.
	 */
	private boolean enabled = true;

	/**
	 * How the limit is learnt: VEGAS compares latency with the lowest seen (no-load) latency and backs off as soon
	 * as requests queue; GRADIENT compares short- and long-term averages and tolerates more queueing.
	 */
	private Algorithm algorithm = Algorithm.VEGAS;

	/**
	 * Concurrency limit to start from.
	 */
	private int initialLimit = 50;

	/**
	 * The limit never goes below this (GRADIENT; VEGAS keeps at least 1).
	 */
	private int minLimit = 10;

	/**
	 * The limit never goes above this.
	 */
	private int maxLimit = 1000;

	/**
	 * Path patterns (Spring's PathPattern syntax, matched as Spring MVC routes) that bypass the limiter entirely:
	 * probes and scrapes, so that an overloaded instance is still seen alive and measured.
	 */
	private List<String> excludedPaths = new ArrayList<>(
			List.of("/health", "/ready", "/metrics", "/actuator/**"));

	/**
	 * Path patterns (Spring's PathPattern syntax, matched as Spring MVC routes) of critical routes, which keep a
	 * reserved share of the limit when other routes saturate it.
	 */
	private List<String> criticalPaths = new ArrayList<>();

	/**
	 * Share of the limit reserved for critical routes, between 0 and 1.
	 */
	private double criticalShare = 0.5;

	/**
	 * Status of a refused request, 429 or 503. With 429, as Netflix's concurrency-limits servlet filter and
	 * Kubernetes' API Priority and Fairness answer, the connection stays open; Tomcat closes the connection after
	 * every 503, so that each refusal costs the client a new connection (and TLS handshake) just when the service is
	 * overloaded.
	 */
	private int shedStatus = 429;

	/**
	 * Whether, on Tomcat, the limit is applied by a valve in front of the servlet pipeline, so that a refusal skips
	 * the servlet context and all its filters. When false, or on another server, a servlet filter applies it right
	 * after correlation ids.
	 */
	private boolean tomcatValve = true;

	public boolean isTomcatValve() {
		return this.tomcatValve;
	}

	public void setTomcatValve(boolean tomcatValve) {
		this.tomcatValve = tomcatValve;
	}

	public int getShedStatus() {
		return this.shedStatus;
	}

	public void setShedStatus(int shedStatus) {
		this.shedStatus = shedStatus;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Algorithm getAlgorithm() {
		return this.algorithm;
	}

	public void setAlgorithm(Algorithm algorithm) {
		this.algorithm = algorithm;
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

	/**
	 * Algorithms that learn the concurrency limit (Netflix concurrency-limits).
	 */
	public enum Algorithm {

		/**
		 * TCP Vegas: queueing measured against the no-load latency.
		 */
		VEGAS,

		/**
		 * Gradient2: short-term against long-term latency.
		 */
		GRADIENT

	}

}
