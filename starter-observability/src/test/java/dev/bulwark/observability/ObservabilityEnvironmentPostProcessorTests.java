package dev.bulwark.observability;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityEnvironmentPostProcessorTests {

	private final ObservabilityEnvironmentPostProcessor processor = new ObservabilityEnvironmentPostProcessor();

	@Test
	void shouldLogJsonWithServiceIdentityAndSampleTenPercent() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "orders");
		environment.setActiveProfiles("prod");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo("dev.bulwark.observability.logging.EcsLogFormatter");
		assertThat(environment.getProperty("logging.structured.ecs.service.name")).isEqualTo("orders");
		assertThat(environment.getProperty("logging.structured.ecs.service.environment")).isEqualTo("prod");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes[deployment.environment]"))
			.isEqualTo("prod");
	}

	@Test
	void shouldUseBootsOwnEcsFormatterWhenAnotherLoggingSystemIsChosen() {
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, "org.springframework.boot.logging.log4j2.Log4J2LoggingSystem");
		try {
			MockEnvironment environment = new MockEnvironment();
			this.processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
		}
		finally {
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
	}

	@Test
	void shouldKeepAReadablePatternUnderTheDevProfile() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("dev");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void shouldLetUserSettingsWin() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("logging.structured.format.console", "logstash")
			.withProperty("management.tracing.sampling.probability", "0.5");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.5");
	}

	@ParameterizedTest(name = "{0}={1} -> {2}={3}")
	@CsvSource(delimiter = '|', textBlock = """
			OTEL_EXPORTER_OTLP_ENDPOINT        | http://collector:4318   | management.opentelemetry.tracing.export.otlp.endpoint | http://collector:4318/v1/traces
			OTEL_EXPORTER_OTLP_ENDPOINT        | http://collector:4318/  | management.opentelemetry.tracing.export.otlp.endpoint | http://collector:4318/v1/traces
			OTEL_EXPORTER_OTLP_TRACES_ENDPOINT | http://c:4318/traces    | management.opentelemetry.tracing.export.otlp.endpoint | http://c:4318/traces
			OTEL_EXPORTER_OTLP_HEADERS         | api-key=abc,tenant=t%201 | management.opentelemetry.tracing.export.otlp.headers[tenant] | t 1
			OTEL_TRACES_SAMPLER_ARG            | 0.25                    | management.tracing.sampling.probability               | 0.25
			OTEL_TRACES_SAMPLER                | always_off              | management.tracing.sampling.probability               | 0
			OTEL_TRACES_EXPORTER               | none                    | management.tracing.export.enabled                     | false
			OTEL_EXPORTER_OTLP_PROTOCOL        | grpc                    | management.opentelemetry.tracing.export.otlp.transport | grpc
			""")
	void shouldReadStandardOtelEnvironmentVariables(String variable, String value, String property, String expected) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, value)));
		environment.getPropertySources().addLast(new MapPropertySource("application.yml",
				Map.of("management.tracing.sampling.probability", "0.9")));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(property)).isEqualTo(expected);
	}

	@Test
	void shouldAddNothingWhenSwitchedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("bulwark.observability.enabled", "false");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

}
