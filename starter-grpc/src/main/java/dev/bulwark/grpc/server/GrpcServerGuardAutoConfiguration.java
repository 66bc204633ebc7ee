package dev.bulwark.grpc.server;

import java.util.function.Supplier;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.grpc.correlation.CorrelationIdServerInterceptor;
import dev.bulwark.grpc.deadline.DeadlineServerInterceptor;
import dev.bulwark.grpc.health.AvailabilityGrpcHealth;
import dev.bulwark.grpc.limit.AdaptiveLimitServerInterceptor;
import dev.bulwark.grpc.limit.RateLimitServerInterceptor;
import dev.bulwark.grpc.security.GrpcAccessRules;
import dev.bulwark.grpc.status.GrpcStatusExceptionHandler;
import dev.bulwark.resilience.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.resilience.ratelimit.RateLimitStore;
import dev.bulwark.security.BulwarkSecurityAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.security.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.BearerTokenAuthenticationExtractor;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Guards every gRPC service Spring gRPC serves, as Bulwark guards HTTP endpoints. Outermost first: the correlation id
 * (a server-wide interceptor, so that even refusals carry it), then Spring gRPC's exception handling, the adaptive
 * limit (-100), the deadline (-50), authentication and access rules (-10, Spring gRPC's interceptor with Bulwark's
 * rules), Spring gRPC's observation (0) and the rate limit (100). Each is a bean of its own, to replace or switch off.
 */
@AutoConfiguration(after = { GrpcServerHealthAutoConfiguration.class, BulwarkSecurityAutoConfiguration.class },
		before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, GlobalServerInterceptor.class })
@ConditionalOnBooleanProperty(name = "bulwark.grpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcServerProperties.class)
public final class GrpcServerGuardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcStatusExceptionHandler grpcStatusExceptionHandler() {
		return new GrpcStatusExceptionHandler(java.time.Duration.ofSeconds(1));
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	DeadlineServerInterceptor deadlineServerInterceptor(GrpcServerProperties properties) {
		return new DeadlineServerInterceptor(properties.getDefaultDeadline());
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bulwark.grpc.server.rate-limit.enabled", matchIfMissing = true)
	RateLimitServerInterceptor rateLimitServerInterceptor(GrpcServerProperties properties,
			ObjectProvider<RateLimitStore> store) {
		return new RateLimitServerInterceptor(properties.getRateLimit(),
				store.getIfAvailable(() -> new InMemoryRateLimitStore(100_000)), subjects());
	}

	private static Supplier<@Nullable String> subjects() {
		if (!org.springframework.util.ClassUtils.isPresent(
				"org.springframework.security.core.context.SecurityContextHolder", null)) {
			return () -> null;
		}
		return SecuritySubjects::current;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bulwark.correlation.enabled", matchIfMissing = true)
	@EnableConfigurationProperties(CorrelationIdProperties.class)
	static class CorrelationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdServerInterceptor correlationIdServerInterceptor(CorrelationIdProperties properties) {
			return new CorrelationIdServerInterceptor(properties);
		}

		/**
		 * Server-wide rather than global: Spring gRPC wraps each service in its global interceptors, inside the
		 * server's own, so this one runs before the exception handler and every refusal.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "correlationIdServerBuilderCustomizer")
		@SuppressWarnings("rawtypes")
		ServerBuilderCustomizer correlationIdServerBuilderCustomizer(CorrelationIdServerInterceptor interceptor) {
			return (builder) -> builder.intercept(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bulwark.grpc.server.adaptive-limit.enabled", matchIfMissing = true)
	static class AdaptiveLimitConfiguration {

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean
		AdaptiveLimitServerInterceptor adaptiveLimitServerInterceptor(GrpcServerProperties properties) {
			return new AdaptiveLimitServerInterceptor(properties.getAdaptiveLimit());
		}

		@Bean
		@ConditionalOnClass(MeterRegistry.class)
		@ConditionalOnMissingBean(name = "grpcAdaptiveLimitMetrics")
		MeterBinder grpcAdaptiveLimitMetrics(AdaptiveLimitServerInterceptor limiter) {
			return (registry) -> {
				Gauge.builder("bulwark.grpc.adaptive.limit", limiter, AdaptiveLimitServerInterceptor::getLimit)
					.description("Current adaptive concurrency limit of the gRPC server")
					.register(registry);
				Gauge.builder("bulwark.grpc.adaptive.inflight", limiter, AdaptiveLimitServerInterceptor::getInflight)
					.description("gRPC calls holding a slot of the limit")
					.register(registry);
				Gauge.builder("bulwark.grpc.adaptive.rejected", limiter, AdaptiveLimitServerInterceptor::getRejected)
					.description("gRPC calls shed since the start")
					.register(registry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JwtDecoder.class, AuthenticationProcessInterceptor.class, BulwarkSecurityAutoConfiguration.class })
	@ConditionalOnBean(JwtDecoder.class)
	@ConditionalOnBooleanProperty(name = "bulwark.grpc.server.security.enabled", matchIfMissing = true)
	static class SecurityConfiguration {

		/**
		 * Spring gRPC's authentication interceptor, with the application's JWT decoder and authority mapping (so
		 * tokens are validated and cached exactly as on the HTTP side) and Bulwark's per-method rules.
		 */
		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
		AuthenticationProcessInterceptor grpcAuthenticationInterceptor(GrpcServerProperties properties,
				JwtDecoder decoder, ObjectProvider<JwtAuthenticationConverter> converter) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
			converter.ifAvailable(provider::setJwtAuthenticationConverter);
			GrpcAccessRules rules;
			try {
				rules = new GrpcAccessRules(properties.getSecurity());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBulwarkPropertyException("bulwark.grpc.server.security", ex.getMessage(),
						"a method pattern is malformed", "Write package.Service/Method, package.Service/* or *.");
			}
			return new AuthenticationProcessInterceptor(new ProviderManager(provider),
					new BearerTokenAuthenticationExtractor(), rules);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(HealthStatusManager.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AvailabilityGrpcHealth availabilityGrpcHealth(HealthStatusManager health,
				ApplicationAvailability availability) {
			return new AvailabilityGrpcHealth(health, availability);
		}

	}

	/**
	 * The subject of the authenticated caller; only loaded when Spring Security is present.
	 */
	static final class SecuritySubjects {

		private SecuritySubjects() {
		}

		static @Nullable String current() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return (authentication != null && authentication.isAuthenticated()
					&& !(authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken))
							? authentication.getName() : null;
		}

	}

}
