package dev.bulwark.core.json;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strings are written exactly as Spring Boot's {@code JsonWriter} writes them, for every UTF-16 code unit.
 */
class JsonStringsTests {

	@Test
	void everyCharacterIsWrittenAsBootWritesIt() {
		JsonWriter<String> boot = JsonWriter.standard();
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			String text = "a" + (char) c + "b";
			String ours = JsonStrings.appendQuoted(new StringBuilder(), text).toString();
			if (!ours.equals(boot.writeToString(text))) {
				throw new AssertionError("U+%04X: Bulwark %s, Boot %s".formatted(c, ours, boot.writeToString(text)));
			}
		}
	}

	@Test
	void nullIsJsonNull() {
		assertThat(JsonStrings.appendQuoted(new StringBuilder("x:"), null)).hasToString("x:null");
	}

}
