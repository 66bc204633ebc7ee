package dev.bulwark.observability.logging;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			Authorization header             | Authorization: Bearer abc.def-ghi                         | Authorization: ****
			authorization header, lower case | authorization=Basic dXNlcjpwYXNz                          | authorization=****
			Cookie header                    | Cookie: SESSION=8f1e2; theme=dark                          | Cookie: ****
			Set-Cookie header                | Set-Cookie: id=a3fWa; Secure; HttpOnly                     | Set-Cookie: ****
			bearer token in a sentence       | calling inventory with bearer eyJabc.eyJdef.sig failed     | calling inventory with bearer **** failed
			bare JWT                         | token rejected: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln  | token rejected: ****
			password property                | spring.datasource.password=hunter2 loaded                  | spring.datasource.password=**** loaded
			JSON secret member               | `{"clientSecret":"s3cr3t","user":"ann"}`                   | `{"clientSecret":"****","user":"ann"}`
			api key with colon               | X-Api-Key: 12345abcdef                                     | X-Api-Key: ****
			query parameter                  | GET /callback?access_token=xyz&state=1                     | GET /callback?access_token=****&state=1
			nothing secret                   | Order 42 placed by customer c-1                            | Order 42 placed by customer c-1
			word token alone                 | the token bucket refilled                                  | the token bucket refilled
			private key, camel case          | ssh privateKey=abc123 loaded                               | ssh privateKey=**** loaded
			session id with a dash           | session-id: 77ab                                           | session-id: ****
			short password name              | db pwd=x1                                                  | db pwd=****
			access key inside a longer name  | awsAccessKey=AKIA1                                         | awsAccessKey=****
			credentials                      | credentials=u:p                                            | credentials=****
			access-log line                  | GET /hello 200 1.208ms 30B                                 | GET /hello 200 1.208ms 30B
			logger name with access          | bulwark.access                                             | bulwark.access
			""")
	void masksSecretLookingValues(String name, String text, String expected) {
		assertThat(SecretMasker.mask(text)).isEqualTo(expected);
	}

	/**
	 * The shortcuts (no separator, no clue) only ever skip texts the expression leaves as they are: checked on texts
	 * made of pieces of secrets, separators, ids and noise, in every letter case.
	 */
	@Test
	void shortcutsNeverSkipASecret() {
		String[] pieces = { "authorization", "Cookie", "bearer", "BASIC", "eyJ", "eyJhbGciOiJ9", "password", "pwd",
				"secret", "Token", "api_key", "api-key", "credential", "private_key", "accessKey", "session-id", ":",
				"=", ".", " ", "\t", "\n", "\u000B", "\f", "\r", "\"", ",", ";", "&", "}", "-", "_", "/", "x", "A1",
				"0af7651916cd43dd8448eb211c80319c", "c-1", "\u00e9", "\u00a0", "\u0085", "\u2028" };
		SplittableRandom random = new SplittableRandom(20261124);
		int masked = 0;
		for (int i = 0; i < 50_000; i++) {
			StringBuilder text = new StringBuilder();
			for (int n = random.nextInt(1, 9); n > 0; n--) {
				text.append(pieces[random.nextInt(pieces.length)]);
			}
			String input = text.toString();
			String expected = SecretMasker.maskMatches(input);
			assertThat(SecretMasker.mask(input)).as(input).isEqualTo(expected);
			masked += expected.equals(input) ? 0 : 1;
		}
		assertThat(masked).as("texts with a secret among them").isGreaterThan(2_500);
	}

	@Test
	void idsHaveNoSeparator() {
		assertThat(SecretMasker.hasSeparator("0af7651916cd43dd8448eb211c80319c")).isFalse();
		assertThat(SecretMasker.hasSeparator("3f2a-41c9-b1e2-secret_token")).isFalse();
		assertThat(SecretMasker.hasSeparator("a.b")).isTrue();
		assertThat(SecretMasker.hasSeparator("tab\there")).isTrue();
	}

}
