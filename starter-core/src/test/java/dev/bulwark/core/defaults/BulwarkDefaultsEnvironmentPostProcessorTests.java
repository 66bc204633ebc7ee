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
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.mvc.publish-request-handled-events")).isEqualTo("false");
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
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.additional-path"))
			.isEqualTo("server:/ready");
	}

	@Test
	void shouldStayBelowPropertySourcesAddedLater() {
		// @PropertySource files are added during refresh, before Boot's defaultProperties
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		environment.getPropertySources()
			.addBefore("defaultProperties", new MapPropertySource("class path resource [team.properties]",
					Map.of("spring.threads.virtual.enabled", "false")));
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo("defaultProperties");
	}

	@Test
	void shouldAddNothingWhenSwitchedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("bulwark.defaults.enabled", "false");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains("defaultProperties")).isFalse();
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isNull();
	}

}
