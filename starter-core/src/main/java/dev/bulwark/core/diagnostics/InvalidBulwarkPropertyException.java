package dev.bulwark.core.diagnostics;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a Bulwark property holds a value that cannot work. Reported by
 * {@link InvalidBulwarkPropertyFailureAnalyzer} as a short message naming the property.
 */
public class InvalidBulwarkPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String action;

	/**
	 * @param property the full property name, for example {@code bulwark.correlation.header-name}
	 * @param value the value that was rejected
	 * @param reason why the value cannot work
	 * @param action what the user should do instead
	 */
	public InvalidBulwarkPropertyException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAction() {
		return this.action;
	}

}
