package dev.bulwark.messaging.deadletter;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The dead-letter exchange and the recoverer that Spring Boot's listener retry hands exhausted messages to.
 */
@AutoConfiguration(afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		beforeName = "org.springframework.boot.amqp.autoconfigure.RabbitAnnotationDrivenConfiguration")
@ConditionalOnClass(RabbitTemplate.class)
@ConditionalOnBooleanProperty(name = "bulwark.messaging.dead-letter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeadLetterProperties.class)
public final class DeadLetterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "bulwarkDeadLetterExchange")
	TopicExchange bulwarkDeadLetterExchange(DeadLetterProperties properties) {
		return new TopicExchange(properties.getExchange(), true, false);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RabbitTemplate.class)
	MessageRecoverer bulwarkDeadLetterRecoverer(RabbitTemplate rabbit, DeadLetterProperties properties) {
		return new RepublishMessageRecoverer(rabbit, properties.getExchange());
	}

}
