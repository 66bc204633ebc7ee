package dev.bulwark.security.web;

import java.util.function.Predicate;

/**
 * Whether a header name, a header value or a parameter name holds only assigned Unicode characters that are not
 * control characters (a header value may also hold tabs): the rules of Spring Security's {@code StrictHttpFirewall},
 * which checks them with regular expressions such as {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} every time a header
 * is read. Checked here with a loop that passes printable ASCII at once: an {@code Authorization} header with a JWT
 * is read twice per request, and the expression over its hundreds of characters was 4.5% of the CPU of the
 * benchmark's service (docs/performance.md).
 */
public final class AssignedNonControlCharacters implements Predicate<String> {

	/**
	 * The rule for header and parameter names ({@code StrictHttpFirewall.ALLOWED_HEADER_NAMES}).
	 */
	public static final AssignedNonControlCharacters NAMES = new AssignedNonControlCharacters(false);

	/**
	 * The rule for header values, which also allows tabs ({@code StrictHttpFirewall.ALLOWED_HEADER_VALUES}).
	 */
	public static final AssignedNonControlCharacters HEADER_VALUES = new AssignedNonControlCharacters(true);

	private final boolean tabs;

	private AssignedNonControlCharacters(boolean tabs) {
		this.tabs = tabs;
	}

	@Override
	public boolean test(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				continue;
			}
			if (c == '\t' && this.tabs) {
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
				return false;
			}
			if (Character.isSupplementaryCodePoint(codePoint)) {
				i++;
			}
		}
		return true;
	}

}
