package dev.bulwark.core.diagnostics;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bulwark.core.testapp.CoreTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops the application with a short report that names the property, not a wall of stack
 * traces.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			bulwark.correlation.header-name | X Request Id
			bulwark.correlation.max-length  | 3
			bulwark.shutdown.drain-delay    | -5s
			bulwark.request-body.max-size   | lots
			bulwark.request-body.max-size   | 0B
			""")
	void badPropertyIsReportedByName(String property, String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(CoreTestApplication.class)
			.properties("server.port=0", property + "=" + value)
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START").contains(property).doesNotContain("\tat dev.bulwark");
	}

}
