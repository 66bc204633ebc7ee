package dev.bulwark.core.correlation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdsTests {

	private final CorrelationIds ids = new CorrelationIds(128);

	@ParameterizedTest(name = "''{0}'' is valid: {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			3f1c9a0e-8a61-4d0b-9d2b-4a8f0c2e7b11 | true
			order-42_attempt.1                   | true
			00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | true
			dGVzdA==                             | true
			tenant:eu/west+1                     | true
			NULL                                 | false
			has space                            | false
			'a"quote'                            | false
			'{"json":1}'                         | false
			<script>                             | false
			naïve                                | false
			""")
	void acceptsOnlySafeCharacters(String candidate, boolean valid) {
		assertThat(this.ids.isValid(candidate)).isEqualTo(valid);
	}

	@Test
	void refusesEmptyAndControlCharacters() {
		assertThat(this.ids.isValid("")).isFalse();
		assertThat(this.ids.isValid("abc\r\n{\"level\":\"ERROR\"}")).isFalse();
		assertThat(this.ids.isValid("abc\u0000")).isFalse();
		assertThat(this.ids.isValid("abc\u001b[31m")).isFalse();
	}

	@Test
	void refusesIdsLongerThanTheLimit() {
		assertThat(this.ids.isValid("a".repeat(128))).isTrue();
		assertThat(this.ids.isValid("a".repeat(129))).isFalse();
	}

	@Test
	void generatesDistinctValidIds() {
		String first = this.ids.generate();
		assertThat(first).hasSize(32).matches("[0-9a-f]{32}");
		assertThat(this.ids.isValid(first)).isTrue();
		assertThat(this.ids.generate()).isNotEqualTo(first);
	}

}
