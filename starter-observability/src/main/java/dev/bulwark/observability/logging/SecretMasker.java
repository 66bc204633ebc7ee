package dev.bulwark.observability.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in free text before it is logged: credentials in Authorization and Cookie headers, bearer tokens,
 * JWTs, and the values of keys whose names look secret ({@code password=...}, {@code "apiKey": "..."}). Text without
 * anything that looks secret is returned as it is, after a single scan.
 */
public final class SecretMasker {

	/**
	 * What a masked value is replaced with.
	 */
	public static final String MASK = "****";

	private static final String SECRET_NAME = "[\\w.-]*(?:password|passwd|pwd|secret|token|api[-_]?key|credential"
			+ "|private[-_]?key|access[-_]?key|session[-_]?id)[\\w.-]*";

	private static final Pattern SECRETS = Pattern.compile(
	// 1: header lines whose whole value is a credential
			"(?<header>(?:proxy-)?authorization|cookie|set-cookie)(?<hsep>\"?\\s*[:=]\\s*\"?)(?<hvalue>[^\\r\\n\"]+)"
					// 2: bearer and basic credentials anywhere
					+ "|(?<scheme>bearer|basic)\\s+(?<cred>[A-Za-z0-9\\-._~+/]+=*)"
					// 3: JSON Web Tokens anywhere
					+ "|(?<jwt>eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*)"
					// 4: key=value, key: value, "key":"value" where the key looks secret
					+ "|(?<key>" + SECRET_NAME + ")(?<ksep>\"?\\s*[:=]\\s*\"?)(?<kvalue>[^\\s\",;&}]+)",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Every match of {@link #SECRETS} contains one of these, in any letter case: text without any of them is logged
	 * as it is without running the expression, which is most log values (the expression costs tens of microseconds
	 * on a long line, its fourth alternative being tried at every position).
	 */
	private static final String[] CLUES = { "authorization", "cookie", "bearer", "basic", "eyj", "password", "passwd",
			"pwd", "secret", "token", "apikey", "api-key", "api_key", "credential", "privatekey", "private-key",
			"private_key", "accesskey", "access-key", "access_key", "sessionid", "session-id", "session_id" };

	private SecretMasker() {
	}

	/**
	 * @param text some text
	 * @return whether it contains a clue of a secret, ignoring letter case
	 */
	static boolean mightContainSecret(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = (char) (text.charAt(i) | 0x20);
			if (c == 'a' || c == 'b' || c == 'c' || c == 'e' || c == 'p' || c == 's' || c == 't') {
				for (String clue : CLUES) {
					if (clue.charAt(0) == c && text.regionMatches(true, i, clue, 0, clue.length())) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * @param text the text to log
	 * @return the text with every secret-looking value replaced by {@link #MASK}
	 */
	public static @Nullable String mask(@Nullable String text) {
		if (text == null || text.isEmpty() || !hasSeparator(text) || !mightContainSecret(text)) {
			return text;
		}
		return maskMatches(text);
	}

	/**
	 * Every match of {@link #SECRETS} contains one of these: {@code :} or {@code =} after a name, white space after
	 * a scheme, dots between a JWT's parts. Ids (trace ids, UUIDs, hex correlation ids) have none, and are passed
	 * over without looking for clues.
	 * @param text some text
	 * @return whether it contains {@code :}, {@code =}, {@code .} or a white-space character of {@code \s}
	 */
	static boolean hasSeparator(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ':' || c == '=' || c == '.' || c == ' ' || (c >= '\t' && c <= '\r')) {
				return true;
			}
		}
		return false;
	}

	/**
	 * {@link #mask(String)} without its shortcuts: runs the expression over any text.
	 * @param text some text
	 * @return the text with every secret-looking value replaced by {@link #MASK}
	 */
	static String maskMatches(String text) {
		Matcher matcher = SECRETS.matcher(text);
		if (!matcher.find()) {
			return text;
		}
		StringBuilder masked = new StringBuilder(text.length());
		do {
			String replacement;
			if (matcher.group("header") != null) {
				replacement = matcher.group("header") + matcher.group("hsep") + MASK;
			}
			else if (matcher.group("scheme") != null) {
				replacement = matcher.group("scheme") + " " + MASK;
			}
			else if (matcher.group("jwt") != null) {
				replacement = MASK;
			}
			else {
				replacement = matcher.group("key") + matcher.group("ksep") + MASK;
			}
			matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
		}
		while (matcher.find());
		matcher.appendTail(masked);
		return masked.toString();
	}

}
