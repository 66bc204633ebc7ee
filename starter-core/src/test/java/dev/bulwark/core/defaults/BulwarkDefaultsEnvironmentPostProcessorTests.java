package dev.bulwark.core.defaults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class BulwarkDefaultsEnvironmentPostProcessorTests {

	private final BulwarkDefaultsEnvironmentPostProcessor processor = new BulwarkDefaultsEnvironmentPostProcessor();

	@Test
	void shouldAddProductionDefaults() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.endpoint.health.group.liveness.additional-path"))
			.isEqualTo("server:/health");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.additional-path"))
			.isEqualTo("server:/ready");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
	}

	@Test
	void shouldLetEveryUserValueWin() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties", Map.of("spring.threads.virtual.enabled", "false")));
		environment.setProperty("management.endpoints.web.exposure.include", "health");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(BulwarkDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void shouldAddNothingWhenSwitchedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("bulwark.defaults.enabled", "false");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(BulwarkDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isNull();
	}

}
