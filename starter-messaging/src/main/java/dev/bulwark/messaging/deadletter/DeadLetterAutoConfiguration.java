package dev.bulwark.messaging.deadletter;

import io.nats.client.Connection;
import org.apache.kafka.common.TopicPartition;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecovererWithConfirms;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Poison messages for each broker on the classpath: RabbitMQ's recoverer that Spring Boot's listener retry hands
 * exhausted messages to, Kafka's error handler for Boot's listener containers, and NATS JetStream's
 * {@link NatsDeadLetters} when the application has a NATS {@link Connection} bean.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "bulwark.messaging.dead-letter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeadLetterProperties.class)
public final class DeadLetterAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RabbitTemplate.class)
	static class RabbitDeadLetterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "bulwarkDeadLetterExchange")
		TopicExchange bulwarkDeadLetterExchange(DeadLetterProperties properties) {
			return new TopicExchange(properties.getExchange(), true, false);
		}

		/**
		 * Republishes a message that failed every retry to the dead-letter exchange and, with publisher confirms on
		 * (Bulwark's default), waits for the broker's confirm before the message is acknowledged: a dead letter the
		 * broker did not take makes the recovery fail, so the message is not lost.
		 */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RabbitTemplate.class)
		MessageRecoverer bulwarkDeadLetterRecoverer(RabbitTemplate rabbit, DeadLetterProperties properties) {
			if (rabbit.getConnectionFactory() instanceof CachingConnectionFactory connections
					&& (connections.isSimplePublisherConfirms() || connections.isPublisherConfirms())) {
				return new RepublishMessageRecovererWithConfirms(rabbit, properties.getExchange(),
						connections.isSimplePublisherConfirms() ? ConfirmType.SIMPLE : ConfirmType.CORRELATED);
			}
			return new RepublishMessageRecoverer(rabbit, properties.getExchange());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DefaultErrorHandler.class)
	static class KafkaDeadLetterConfiguration {

		/**
		 * Picked up by Spring Boot's listener container factory: a failing record is retried with backoff, then
		 * published to {@code <topic><suffix>} (same key, the error in {@code kafka_dlt-exception-*} headers) and
		 * its offset committed, so that the partition moves on. The dead letter is sent with the application's
		 * {@code KafkaTemplate}, so its serializers must accept the record's key and value, and the topic must exist
		 * or be created by the broker; otherwise declare your own {@code CommonErrorHandler}.
		 */
		@Bean
		@ConditionalOnMissingBean(CommonErrorHandler.class)
		@ConditionalOnSingleCandidate(KafkaOperations.class)
		DefaultErrorHandler bulwarkKafkaErrorHandler(KafkaOperations<?, ?> kafka, DeadLetterProperties properties) {
			DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
					(record, ex) -> new TopicPartition(record.topic() + properties.getKafkaTopicSuffix(), -1));
			ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(
					Math.max(properties.getMaxAttempts() - 1, 0));
			backOff.setInitialInterval(properties.getInitialInterval().toMillis());
			backOff.setMultiplier(2);
			backOff.setMaxInterval(properties.getMaxInterval().toMillis());
			return new DefaultErrorHandler(recoverer, backOff);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Connection.class)
	static class NatsDeadLetterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(Connection.class)
		NatsDeadLetters natsDeadLetters(Connection connection, DeadLetterProperties properties) {
			return new NatsDeadLetters(connection, properties);
		}

	}

}
