package dev.bulwark.core.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limit on the size of request bodies, answered with 413 Content Too Large as a problem.
 */
@ConfigurationProperties("bulwark.request-body")
public class RequestBodyLimitProperties {

	/**
	 * Whether request bodies larger than the limit are refused.
	 */
	private boolean enabled = true;

	/**
	 * Largest request body accepted. A request that declares a larger Content-Length is refused before its body is
	 * read; a chunked body is refused as soon as it grows past the limit.
	 */
	private DataSize maxSize = DataSize.ofMegabytes(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

}
