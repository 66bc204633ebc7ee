package dev.bulwark.security.secrets;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredSecretsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequiredSecretsAutoConfiguration.class))
		.withPropertyValues("bulwark.security.secrets.required=payments.api-key");

	@Test
	void missingSecretFailsNamingThePropertyButNoValue() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidBulwarkPropertyException.class)
			.hasMessageContaining("payments.api-key"));
	}

	@Test
	void blankSecretIsMissing() {
		this.runner.withPropertyValues("payments.api-key= ").run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void secretFromAMountedConfigTreeIsFound(@TempDir Path secrets) throws Exception {
		// Kubernetes mounts each key of a Secret as a file; Boot's configtree import turns files into properties
		Files.writeString(secrets.resolve("payments.api-key"), "k-123");
		this.runner.withPropertyValues("spring.config.import=configtree:" + secrets + "/")
			.withInitializer(new org.springframework.boot.test.context.ConfigDataApplicationContextInitializer())
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RequiredSecretsVerifier.class));
	}

}
