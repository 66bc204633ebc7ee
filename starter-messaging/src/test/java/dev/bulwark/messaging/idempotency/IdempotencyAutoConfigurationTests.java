package dev.bulwark.messaging.idempotency;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					IdempotencyAutoConfiguration.class));

	@Test
	void shouldKeepKeysInTheServicesDatabase() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
			.hasSingleBean(IdempotencyKeyFilter.class)
			.hasBean("idempotencyKeyFilterRegistration"));
	}

	@Test
	void shouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("bulwark.messaging.idempotency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyKeyFilter.class));
	}

	@Test
	void shouldNeedADatabase() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotencyKeyFilter.class));
	}

	@Test
	void shouldUseTheUsersStore() {
		IdempotencyStore userStore = new JdbcIdempotencyStore(null);
		this.runner.withBean(IdempotencyStore.class, () -> userStore)
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class)).isSameAs(userStore));
	}

}
