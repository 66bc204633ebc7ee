package dev.bulwark.messaging.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.messaging.SchemaScripts;
import dev.bulwark.messaging.TableCleanup;
import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox in the service's database, relayed to RabbitMQ, Kafka or NATS JetStream (or, for
 * development, to listeners in the same process).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "bulwark.messaging.outbox.enabled", matchIfMissing = true)
@ConditionalOnBean(JdbcTemplate.class)
@EnableConfigurationProperties(OutboxProperties.class)
public final class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(JdbcTemplate jdbc, OutboxProperties properties, ObjectProvider<JsonMapper> json,
			ObjectProvider<CorrelationIdProperties> correlation) {
		if (properties.isInitializeSchema()) {
			SchemaScripts.run(jdbc.getDataSource(), "dev/bulwark/messaging/outbox/schema-");
		}
		return new Outbox(jdbc, json.getIfAvailable(JsonMapper::shared),
				correlation.getIfAvailable(CorrelationIdProperties::new).getMdcKey());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
	@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "kafka")
	static class KafkaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@SuppressWarnings("unchecked")
		OutboxTransport kafkaOutboxTransport(org.springframework.kafka.core.KafkaTemplate<?, ?> kafka,
				OutboxProperties properties) {
			return new KafkaOutboxTransport((org.springframework.kafka.core.KafkaTemplate<String, String>) kafka,
					properties.getKafkaTopic(), Duration.ofSeconds(10));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.nats.client.Connection")
	@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "nats")
	static class NatsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxTransport natsOutboxTransport(OutboxProperties properties) {
			return new NatsOutboxTransport(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RabbitTemplate.class)
	@ConditionalOnBean(RabbitTemplate.class)
	@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "rabbit", matchIfMissing = true)
	static class RabbitConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxTransport rabbitOutboxTransport(RabbitTemplate rabbit, OutboxProperties properties) {
			if (rabbit.getConnectionFactory() instanceof CachingConnectionFactory connections
					&& !connections.isSimplePublisherConfirms()) {
				throw new InvalidBulwarkPropertyException("spring.rabbitmq.publisher-confirm-type",
						connections.isPublisherConfirms() ? "correlated" : "none",
						"the outbox marks an event delivered only once the broker confirmed it",
						"Set spring.rabbitmq.publisher-confirm-type=simple.");
			}
			return new RabbitOutboxTransport(rabbit, properties.getRabbitExchange(), Duration.ofSeconds(10));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bulwark.messaging.outbox.transport", havingValue = "in-memory")
	static class InMemoryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxTransport inMemoryOutboxTransport(ApplicationEventPublisher events,
				ObjectProvider<OutboxConsumerScope> scope, ObjectProvider<CorrelationIdProperties> correlation) {
			return new InMemoryOutboxTransport(events, Duration.ofSeconds(30),
					scope.getIfAvailable(() -> OutboxConsumerScope.NONE),
					correlation.getIfAvailable(CorrelationIdProperties::new).getMdcKey());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
		static class TracingConfiguration {

			@Bean
			@ConditionalOnMissingBean
			OutboxConsumerScope tracingOutboxConsumerScope(ObjectProvider<io.micrometer.tracing.Tracer> tracer,
					ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
				return new TracingOutboxConsumerScope(tracer, propagator);
			}

		}

	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ OutboxTransport.class, PlatformTransactionManager.class })
	OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions, OutboxTransport transport,
			OutboxProperties properties, ObjectProvider<JsonMapper> json, Outbox outbox) {
		return new OutboxRelay(jdbc, new TransactionTemplate(transactions), transport, properties,
				json.getIfAvailable(JsonMapper::shared));
	}

	// after outboxRelay, in this class: a nested configuration would be read before it, and find no relay

	@Bean
	@ConditionalOnMissingBean(name = "outboxMetrics")
	@ConditionalOnBean(OutboxRelay.class)
	MeterBinder outboxMetrics(OutboxRelay relay) {
		return relay::bindTo;
	}

	@Bean
	@ConditionalOnMissingBean(name = "outboxCleanup")
	@ConditionalOnBean(OutboxRelay.class)
	TableCleanup outboxCleanup(JdbcTemplate jdbc, OutboxProperties properties) {
		return new TableCleanup(jdbc, "bulwark_outbox", List.of("seq"), "published_at < ?",
				() -> new Object[] { Timestamp.from(Instant.now().minus(properties.getRetention())) },
				properties.getCleanupInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OutboxRelay.class)
	@ConditionalOnAvailableEndpoint(OutboxEndpoint.class)
	OutboxEndpoint outboxEndpoint(OutboxRelay relay) {
		return new OutboxEndpoint(relay);
	}

}
