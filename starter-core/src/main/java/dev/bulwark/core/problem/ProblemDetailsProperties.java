package dev.bulwark.core.problem;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * RFC 9457 problem details for every error response.
 */
@Validated
@ConfigurationProperties("bulwark.problem-details")
public class ProblemDetailsProperties {

	/**
	 * Whether every error, including unknown routes and unhandled exceptions, is answered as
	 * application/problem+json.
	 */
	private boolean enabled = true;

	/**
	 * Logging MDC key from which the trace id extension member is read (Micrometer Tracing writes "traceId").
	 */
	@NotBlank
	private String traceIdMdcKey = "traceId";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTraceIdMdcKey() {
		return this.traceIdMdcKey;
	}

	public void setTraceIdMdcKey(String traceIdMdcKey) {
		this.traceIdMdcKey = traceIdMdcKey;
	}

}
