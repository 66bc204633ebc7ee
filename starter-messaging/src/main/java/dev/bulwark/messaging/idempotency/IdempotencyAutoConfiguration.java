package dev.bulwark.messaging.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.SchemaScripts;
import dev.bulwark.messaging.TableCleanup;
import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency-Key for POST and PATCH, kept in the service's own database.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"dev.bulwark.core.problem.ProblemDetailsAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "bulwark.messaging.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public final class IdempotencyAutoConfiguration {

	/**
	 * After Spring Security's filter chain (-100) and the rate limit (-90), so that keys are scoped to the
	 * authenticated caller and a refused request claims nothing.
	 */
	public static final int FILTER_ORDER = -80;

	@Bean
	@ConditionalOnMissingBean(IdempotencyStore.class)
	@ConditionalOnBean(JdbcTemplate.class)
	JdbcIdempotencyStore jdbcIdempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
		if (properties.isInitializeSchema()) {
			SchemaScripts.run(jdbc.getDataSource(), "dev/bulwark/messaging/idempotency/schema-");
		}
		return new JdbcIdempotencyStore(jdbc);
	}

	@Bean
	@ConditionalOnMissingBean(name = "idempotencyKeyCleanup")
	@ConditionalOnBean(JdbcIdempotencyStore.class)
	TableCleanup idempotencyKeyCleanup(JdbcTemplate jdbc, IdempotencyProperties properties) {
		return new TableCleanup(jdbc, "bulwark_idempotency_key", List.of("storage_key"), "expires_at < ?",
				() -> new Object[] { Timestamp.from(Instant.now()) }, properties.getCleanupInterval());
	}

	/**
	 * Registered by Boot with the transaction manager it configures (a {@code TransactionExecutionListener} bean).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(IdempotencyStore.class)
	IdempotencyKeyTransactions idempotencyKeyTransactions(IdempotencyStore store) {
		return new IdempotencyKeyTransactions(store);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(IdempotencyStore.class)
	IdempotencyKeyFilter idempotencyKeyFilter(IdempotencyProperties properties, IdempotencyStore store,
			ObjectProvider<ProblemDetailsSupport> problems, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<IdempotencyKeyTransactions> transactions) {
		return new IdempotencyKeyFilter(properties, store, ProblemDetailsSupport.getOrCreate(problems, jsonMapper),
				transactions.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "idempotencyKeyFilterRegistration")
	@ConditionalOnBean(IdempotencyKeyFilter.class)
	FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilterRegistration(IdempotencyKeyFilter filter) {
		return FilterRegistrations.ordered(filter, FILTER_ORDER);
	}

}
