package dev.bulwark.observability.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bulwark's additions to Micrometer: common tags, SLO histograms, the tag cardinality guard, cached observation
 * meters, log events counted in an appender and the /metrics alias.
 */
@Validated
@ConfigurationProperties("bulwark.observability.metrics")
public class ObservabilityMetricsProperties {

	/**
	 * Whether Bulwark's metric additions are applied.
	 */
	private boolean enabled = true;

	/**
	 * Whether every meter carries the tags application, env, version and instance.
	 */
	private boolean commonTags = true;

	/**
	 * Value of the "instance" tag. Defaults to the HOSTNAME environment variable (the pod name on Kubernetes), or
	 * the host name.
	 */
	private @Nullable String instance;

	/**
	 * Histogram buckets (service level objectives) of the HTTP server and client latency histograms. Each bucket
	 * carries an exemplar linking it to a trace.
	 */
	private List<Duration> slo = new ArrayList<>(List.of(Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)));

	/**
	 * Meters that get the SLO histogram buckets.
	 */
	private List<String> sloMeters = new ArrayList<>(List.of("http.server.requests", "http.client.requests"));

	/**
	 * Most distinct values of one tag of one meter. Past it, new values are recorded as "OTHER", counted by
	 * bulwark.metrics.tag.values.limited, and logged once per meter and tag.
	 */
	@Min(1)
	private int maxTagValues = 100;

	/**
	 * Whether the meters of observations (the HTTP server timer, for one) are looked up in the registry once per
	 * distinct name and tags and then reused, instead of once or twice for every observation. Off, Micrometer's own
	 * handler records them.
	 */
	private boolean cacheObservationMeters = true;

	/**
	 * Whether the logback.events counters are counted by an appender on the root logger instead of by Micrometer's
	 * turbo filter, which Logback asks on every level check (isDebugEnabled(), isTraceEnabled()). Events of loggers
	 * with additivity="false" are then not counted.
	 */
	private boolean countLogEventsInAppender = true;

	/**
	 * Whether the Prometheus scrape is also served at /metrics, besides /actuator/prometheus.
	 */
	private boolean prometheusAlias = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isCommonTags() {
		return this.commonTags;
	}

	public void setCommonTags(boolean commonTags) {
		this.commonTags = commonTags;
	}

	public @Nullable String getInstance() {
		return this.instance;
	}

	public void setInstance(@Nullable String instance) {
		this.instance = instance;
	}

	public List<Duration> getSlo() {
		return this.slo;
	}

	public void setSlo(List<Duration> slo) {
		this.slo = slo;
	}

	public List<String> getSloMeters() {
		return this.sloMeters;
	}

	public void setSloMeters(List<String> sloMeters) {
		this.sloMeters = sloMeters;
	}

	public int getMaxTagValues() {
		return this.maxTagValues;
	}

	public void setMaxTagValues(int maxTagValues) {
		this.maxTagValues = maxTagValues;
	}

	public boolean isCacheObservationMeters() {
		return this.cacheObservationMeters;
	}

	public void setCacheObservationMeters(boolean cacheObservationMeters) {
		this.cacheObservationMeters = cacheObservationMeters;
	}

	public boolean isCountLogEventsInAppender() {
		return this.countLogEventsInAppender;
	}

	public void setCountLogEventsInAppender(boolean countLogEventsInAppender) {
		this.countLogEventsInAppender = countLogEventsInAppender;
	}

	public boolean isPrometheusAlias() {
		return this.prometheusAlias;
	}

	public void setPrometheusAlias(boolean prometheusAlias) {
		this.prometheusAlias = prometheusAlias;
	}

}
