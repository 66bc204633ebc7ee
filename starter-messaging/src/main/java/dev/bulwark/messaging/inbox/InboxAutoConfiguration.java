package dev.bulwark.messaging.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.bulwark.messaging.SchemaScripts;
import dev.bulwark.messaging.TableCleanup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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
@EnableConfigurationProperties(InboxProperties.class)
public final class InboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Inbox inbox(JdbcTemplate jdbc, PlatformTransactionManager transactions, InboxProperties properties) {
		if (properties.isInitializeSchema()) {
			SchemaScripts.run(jdbc.getDataSource(), "dev/bulwark/messaging/inbox/schema-");
		}
		return new Inbox(jdbc, new TransactionTemplate(transactions));
	}

	@Bean
	@ConditionalOnMissingBean(name = "inboxCleanup")
	TableCleanup inboxCleanup(JdbcTemplate jdbc, InboxProperties properties, Inbox inbox) {
		return new TableCleanup(jdbc, "bulwark_inbox", List.of("consumer", "event_id"), "received_at < ?",
				() -> new Object[] { Timestamp.from(Instant.now().minus(properties.getRetention())) },
				properties.getCleanupInterval());
	}

}
