package dev.bulwark.security.dev;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A local token issuer for development. The application refuses to start with it unless the {@code dev} profile is
 * active.
 */
@ConfigurationProperties("bulwark.security.dev-tokens")
public class DevTokenProperties {

	/**
	 * Whether POST /dev/token hands out tokens signed by a key made at start-up, and only those are accepted. Only
	 * with the dev profile.
	 */
	private boolean enabled = false;

	/**
	 * Issuer of the development tokens.
	 */
	private String issuer = "urn:bulwark:dev";

	/**
	 * How long a development token is valid.
	 */
	private Duration validity = Duration.ofHours(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public Duration getValidity() {
		return this.validity;
	}

	public void setValidity(Duration validity) {
		this.validity = validity;
	}

}
