package dev.bulwark.core.correlation;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Generates correlation ids and decides whether an incoming one is safe to log and echo.
 */
public final class CorrelationIds {

	private static final HexFormat HEX = HexFormat.of();

	private final int maxLength;

	/**
	 * @param maxLength longest id accepted
	 */
	public CorrelationIds(int maxLength) {
		this.maxLength = maxLength;
	}

	/**
	 * Whether {@code candidate} is a well-formed correlation id: non-empty, at most the maximum length, and made only
	 * of ASCII letters, digits and {@code - _ . : / + =}, so that it cannot break or forge a log line or a header.
	 * @param candidate the incoming value, possibly {@code null}
	 * @return whether the value can be used as it is
	 */
	public boolean isValid(@Nullable String candidate) {
		if (candidate == null || candidate.isEmpty() || candidate.length() > this.maxLength) {
			return false;
		}
		for (int i = 0; i < candidate.length(); i++) {
			if (!isAllowed(candidate.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAllowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == ':' || c == '/' || c == '+' || c == '=';
	}

	/**
	 * A new random id: 32 lowercase hex characters (128 bits). Not a security token, so a fast non-cryptographic
	 * source is enough.
	 * @return the new id
	 */
	public String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

}
