package dev.bulwark.observability.logging;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * One access-log line per HTTP request.
 */
@ConfigurationProperties("bulwark.observability.access-log")
public class AccessLogProperties {

	/**
	 * Whether to log one line per request: method, route template, status, duration, response bytes and
	 * correlation id.
	 */
	private boolean enabled = true;

	/**
	 * Logger that access-log lines are written to, so that they can be routed or silenced on their own.
	 */
	private String loggerName = "bulwark.access";

	/**
	 * Path patterns (Spring's PathPattern syntax, matched as Spring MVC routes) of requests that are not logged:
	 * probes and scrapes by default.
	 */
	private List<String> excludedPaths = new ArrayList<>(
			List.of("/health", "/ready", "/metrics", "/actuator/health/**", "/actuator/prometheus"));

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getLoggerName() {
		return this.loggerName;
	}

	public void setLoggerName(String loggerName) {
		this.loggerName = loggerName;
	}

	public List<String> getExcludedPaths() {
		return this.excludedPaths;
	}

	public void setExcludedPaths(List<String> excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

}
