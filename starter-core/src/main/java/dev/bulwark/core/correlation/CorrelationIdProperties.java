package dev.bulwark.core.correlation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Correlation id handling for inbound requests and outbound calls.
 */
@Validated
@ConfigurationProperties("bulwark.correlation")
public class CorrelationIdProperties {

	/**
	 * Whether to read, generate, log and propagate correlation ids.
	 */
	private boolean enabled = true;

	/**
	 * Request and response header that carries the correlation id.
	 */
	@NotBlank
	private String headerName = "X-Request-Id";

	/**
	 * Logging MDC key under which the correlation id is available to log lines.
	 */
	@NotBlank
	private String mdcKey = "correlationId";

	/**
	 * Longest incoming correlation id accepted; a longer one is treated as malformed.
	 */
	@Min(8)
	@Max(1024)
	private int maxLength = 128;

	/**
	 * What to do with a malformed incoming correlation id (too long, or characters outside letters, digits and
	 * "-_.:/+=").
	 */
	private InvalidAction onInvalid = InvalidAction.REPLACE;

	/**
	 * Whether outbound RestClient and WebClient calls built from Spring's builders carry the correlation id.
	 */
	private boolean propagate = true;

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

	public String getMdcKey() {
		return this.mdcKey;
	}

	public void setMdcKey(String mdcKey) {
		this.mdcKey = mdcKey;
	}

	public int getMaxLength() {
		return this.maxLength;
	}

	public void setMaxLength(int maxLength) {
		this.maxLength = maxLength;
	}

	public InvalidAction getOnInvalid() {
		return this.onInvalid;
	}

	public void setOnInvalid(InvalidAction onInvalid) {
		this.onInvalid = onInvalid;
	}

	public boolean isPropagate() {
		return this.propagate;
	}

	public void setPropagate(boolean propagate) {
		this.propagate = propagate;
	}

	/**
	 * What happens to a malformed incoming correlation id.
	 */
	public enum InvalidAction {

		/**
		 * Replace it with a freshly generated id; the request proceeds.
		 */
		REPLACE,

		/**
		 * Refuse the request with 400 Bad Request as a problem document.
		 */
		REJECT

	}

}
