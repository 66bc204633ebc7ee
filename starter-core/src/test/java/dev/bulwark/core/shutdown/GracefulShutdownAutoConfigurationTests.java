package dev.bulwark.core.shutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class));

	@Test
	void shouldNotDelayShutdownOffCloudPlatforms() {
		this.runner.run((context) -> assertThat(context.getBean(ReadinessDrainLifecycle.class).getDrainDelay())
			.isZero());
	}

	@Test
	void shouldDrainForFiveSecondsOnKubernetes() {
		this.runner.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertThat(context.getBean(ReadinessDrainLifecycle.class).getDrainDelay())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void shouldUseConfiguredDrainDelay() {
		this.runner.withPropertyValues("spring.main.cloud-platform=kubernetes", "bulwark.shutdown.drain-delay=12s")
			.run((context) -> assertThat(context.getBean(ReadinessDrainLifecycle.class).getDrainDelay())
				.isEqualTo(Duration.ofSeconds(12)));
	}

	@Test
	void shouldFailNamingThePropertyForNegativeDelay() {
		this.runner.withPropertyValues("bulwark.shutdown.drain-delay=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.shutdown.drain-delay");
		});
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("bulwark.shutdown.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReadinessDrainLifecycle.class));
	}

	@Test
	void shouldBackOffWhenUserDefinesLifecycle() {
		this.runner.withUserConfiguration(CustomDrain.class)
			.run((context) -> assertThat(context.getBean(ReadinessDrainLifecycle.class).getDrainDelay())
				.isEqualTo(Duration.ofMillis(1)));
	}

	@Test
	void shouldNotApplyOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReadinessDrainLifecycle.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomDrain {

		@Bean
		ReadinessDrainLifecycle customDrain() {
			return new ReadinessDrainLifecycle(Duration.ofMillis(1));
		}

	}

}
