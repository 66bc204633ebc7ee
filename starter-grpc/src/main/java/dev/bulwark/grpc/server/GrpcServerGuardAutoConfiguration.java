package dev.bulwark.grpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.shutdown.ReadinessDrainLifecycle;
import dev.bulwark.grpc.correlation.CorrelationIdServerInterceptor;
import dev.bulwark.grpc.deadline.DeadlineServerInterceptor;
import dev.bulwark.grpc.health.AvailabilityGrpcHealth;
import dev.bulwark.grpc.limit.AdaptiveLimitServerInterceptor;
import dev.bulwark.grpc.limit.RateLimitServerInterceptor;
import dev.bulwark.grpc.security.GrpcAccessRules;
import dev.bulwark.grpc.status.GrpcStatusExceptionHandler;
import dev.bulwark.resilience.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.resilience.ratelimit.RateLimitStore;
import dev.bulwark.security.BulwarkSecurityProperties;
import dev.bulwark.security.jwt.ClaimAuthoritiesConverter;
import dev.bulwark.security.jwt.JwtDecoderFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.exception.GrpcExceptionHandlerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.grpc.server.autoconfigure.security.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
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
@AutoConfiguration(after = GrpcServerHealthAutoConfiguration.class,
		afterName = "dev.bulwark.security.BulwarkSecurityAutoConfiguration",
		before = { OAuth2ResourceServerAutoConfiguration.class, GrpcExceptionHandlerAutoConfiguration.class },
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
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

	/**
	 * The drain delay must pass before the gRPC server stops taking calls, as it does before the web server's graceful
	 * shutdown. Both stop in the last lifecycle phase, where the order is otherwise the order of registration; making
	 * the drain depend on the gRPC server stops the drain first.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "grpcServerStopsAfterReadinessDrain")
	static BeanFactoryPostProcessor grpcServerStopsAfterReadinessDrain() {
		return (beanFactory) -> {
			String[] servers = beanFactory.getBeanNamesForType(GrpcServerLifecycle.class, true, false);
			for (String drain : beanFactory.getBeanNamesForType(ReadinessDrainLifecycle.class, true, false)) {
				BeanDefinition definition = beanFactory.getBeanDefinition(drain);
				List<String> dependsOn = new ArrayList<>(
						(definition.getDependsOn() != null) ? List.of(definition.getDependsOn()) : List.of());
				dependsOn.addAll(List.of(servers));
				definition.setDependsOn(dependsOn.toArray(String[]::new));
			}
		};
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
				FunctionCounter
					.builder("bulwark.grpc.adaptive.rejected", limiter, AdaptiveLimitServerInterceptor::getRejected)
					.description("gRPC calls shed")
					.register(registry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JwtDecoder.class, AuthenticationProcessInterceptor.class, BulwarkSecurityProperties.class })
	@ConditionalOnBooleanProperty(name = "bulwark.grpc.server.security.enabled", matchIfMissing = true)
	@EnableConfigurationProperties({ BulwarkSecurityProperties.class, OAuth2ResourceServerProperties.class })
	static class SecurityConfiguration {

		/**
		 * Bulwark's decoder (strict validation, the cache of validated tokens), in an application without the HTTP
		 * side's (one with no web server, or with bulwark.security.enabled=false), made from the same properties, so
		 * that Spring gRPC's and Spring Boot's own resource-server decoders back off; without those properties the
		 * start fails rather than serve gRPC without authentication.
		 */
		@Bean
		@ConditionalOnMissingBean
		JwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, BulwarkSecurityProperties security,
				Environment environment) {
			return JwtDecoderFactory.create(resourceServer, security, environment);
		}

		/**
		 * Spring gRPC's authentication interceptor, with the application's JWT decoder and authority mapping (so
		 * tokens are validated and cached exactly as on the HTTP side) and Bulwark's per-method rules.
		 */
		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
		AuthenticationProcessInterceptor grpcAuthenticationInterceptor(GrpcServerProperties properties,
				JwtDecoder jwtDecoder, ObjectProvider<JwtAuthenticationConverter> converter,
				BulwarkSecurityProperties security) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
			provider.setJwtAuthenticationConverter(converter.getIfAvailable(() -> {
				JwtAuthenticationConverter authorities = new JwtAuthenticationConverter();
				authorities.setJwtGrantedAuthoritiesConverter(
						new ClaimAuthoritiesConverter(security.getJwt().getAuthorityClaims()));
				return authorities;
			}));
			GrpcAccessRules rules;
			try {
				rules = new GrpcAccessRules(properties.getSecurity(),
						security.getDefaultAccess() == BulwarkSecurityProperties.DefaultAccess.AUTHENTICATED);
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
