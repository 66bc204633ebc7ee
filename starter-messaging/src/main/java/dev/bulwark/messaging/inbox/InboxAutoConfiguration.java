package dev.bulwark.messaging.inbox;

import dev.bulwark.messaging.SchemaScripts;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox of idempotent consumers, in the service's database.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "bulwark.messaging.inbox.enabled", matchIfMissing = true)
@ConditionalOnBean({ JdbcTemplate.class, PlatformTransactionManager.class })
public final class InboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Inbox inbox(JdbcTemplate jdbc, PlatformTransactionManager transactions, Environment environment) {
		if (environment.getProperty("bulwark.messaging.inbox.initialize-schema", Boolean.class, false)) {
			SchemaScripts.run(jdbc.getDataSource(), "dev/bulwark/messaging/inbox/schema-");
		}
		return new Inbox(jdbc, new TransactionTemplate(transactions));
	}

}
