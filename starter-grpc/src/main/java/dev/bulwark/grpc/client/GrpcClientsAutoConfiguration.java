package dev.bulwark.grpc.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.grpc.correlation.CorrelationIdClientInterceptor;
import dev.bulwark.resilience.ResilienceAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Bulwark's side of gRPC clients: the correlation id on every outbound call (a global interceptor, so also on channels
 * made directly with Spring gRPC's factory), and {@link ResilientGrpcChannels} for the named clients.
 */
@AutoConfiguration(after = { GrpcClientAutoConfiguration.class, CompositeChannelFactoryAutoConfiguration.class,
		ResilienceAutoConfiguration.class })
@ConditionalOnClass(GrpcChannelFactory.class)
@ConditionalOnBooleanProperty(name = "bulwark.grpc.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcClientsProperties.class)
public final class GrpcClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(GrpcChannelFactory.class)
	ResilientGrpcChannels resilientGrpcChannels(GrpcClientsProperties properties, GrpcChannelFactory factory,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers) {
		return new ResilientGrpcChannels(properties, factory,
				circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bulwark.correlation.enabled", matchIfMissing = true)
	@EnableConfigurationProperties(CorrelationIdProperties.class)
	static class CorrelationConfiguration {

		@Bean
		@GlobalClientInterceptor
		@ConditionalOnMissingBean
		CorrelationIdClientInterceptor correlationIdClientInterceptor(CorrelationIdProperties properties) {
			return new CorrelationIdClientInterceptor(properties);
		}

	}

}
