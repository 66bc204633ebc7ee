package dev.bulwark.core.json;

import org.jspecify.annotations.Nullable;

/**
 * Writes a JSON string exactly as Spring Boot's {@code JsonWriter} does: quotes, backslashes and control characters
 * escaped (the usual short escapes, {@code \}{@code uXXXX} in upper case for the others), everything else as it is.
 * For lines and documents written by hand on a hot path, such as log lines and load-shedding answers.
 */
public final class JsonStrings {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private JsonStrings() {
	}

	/**
	 * @param json where to write
	 * @param text the string, or {@code null} for JSON {@code null}
	 * @return {@code json}, with the quoted string appended
	 */
	public static StringBuilder appendQuoted(StringBuilder json, @Nullable String text) {
		if (text == null) {
			return json.append("null");
		}
		json.append('"');
		int length = text.length();
		int start = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || c > 0x9f)) {
				continue;
			}
			json.append(text, start, i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> json.append("\\u")
					.append(HEX[(c >> 12) & 0xf])
					.append(HEX[(c >> 8) & 0xf])
					.append(HEX[(c >> 4) & 0xf])
					.append(HEX[c & 0xf]);
			}
			start = i + 1;
		}
		return json.append(text, start, length).append('"');
	}

}
