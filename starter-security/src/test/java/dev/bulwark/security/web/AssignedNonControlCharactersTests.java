package dev.bulwark.security.web;

import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's character rules, checked without regular expressions, decide exactly as Spring Security's own.
 */
class AssignedNonControlCharactersTests {

	@Test
	void namesAreJudgedAsSpringSecurityJudgesThemForEveryCodePoint() {
		assertSameForEveryCodePoint(AssignedNonControlCharacters.NAMES, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
	}

	@Test
	void headerValuesAreJudgedAsSpringSecurityJudgesThemForEveryCodePoint() {
		assertSameForEveryCodePoint(AssignedNonControlCharacters.HEADER_VALUES,
				StrictHttpFirewall.ALLOWED_HEADER_VALUES);
	}

	@Test
	void mixedTextsWithLoneSurrogatesAreJudgedAsSpringSecurityJudgesThem() {
		char[] pool = { 'a', ' ', '~', '\t', '\u0000', '\u001f', '\u007f', '\u0085', '\u00e9', '\u2028', '\uffff',
				'\ud83d', '\ude00', '\ud800', '\udfff', '\u0378' };
		Random random = new Random(9);
		for (int n = 0; n < 100_000; n++) {
			char[] text = new char[random.nextInt(6)];
			for (int i = 0; i < text.length; i++) {
				text[i] = pool[random.nextInt(pool.length)];
			}
			String value = new String(text);
			assertThat(AssignedNonControlCharacters.NAMES.test(value)).as(value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(value));
			assertThat(AssignedNonControlCharacters.HEADER_VALUES.test(value)).as(value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
	}

	@Test
	void aBearerTokenPassesAndAControlCharacterDoesNot() {
		assertThat(AssignedNonControlCharacters.HEADER_VALUES.test("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
		assertThat(AssignedNonControlCharacters.HEADER_VALUES.test("Bearer a\u0085b")).isFalse();
		assertThat(AssignedNonControlCharacters.NAMES.test("X-Tab\t")).isFalse();
	}

	private static void assertSameForEveryCodePoint(Predicate<String> ours, Predicate<String> springs) {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "b";
			if (ours.test(text) != springs.test(text)) {
				throw new AssertionError("U+%04X: Bulwark %s, Spring Security %s".formatted(codePoint,
						ours.test(text), springs.test(text)));
			}
		}
	}

}
