package dev.bulwark.resilience.ratelimit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Inbound rate limits from {@code bulwark.resilience.rate-limit.rules}, in memory or in Redis.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"dev.bulwark.core.problem.ProblemDetailsAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = { "bulwark.resilience.enabled", "bulwark.resilience.rate-limit.enabled" },
		matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public final class RateLimitAutoConfiguration {

	/**
	 * After Spring Security's filter chain (-100), so that rules keyed by subject see the authenticated principal.
	 */
	public static final int FILTER_ORDER = -90;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(name = "bulwark.resilience.rate-limit.store", havingValue = "redis")
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimitStore.class)
		@ConditionalOnBean(StringRedisTemplate.class)
		RedisRateLimitStore redisRateLimitStore(StringRedisTemplate redis, RateLimitProperties properties) {
			return new RedisRateLimitStore(redis, properties.getRedisKeyPrefix());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitStore inMemoryRateLimitStore(RateLimitProperties properties) {
		if (properties.getStore() == RateLimitProperties.Store.REDIS) {
			throw new InvalidBulwarkPropertyException("bulwark.resilience.rate-limit.store", "redis",
					"no Redis connection is configured (spring-boot-starter-data-redis and spring.data.redis.*)",
					"Add spring-boot-starter-data-redis and point spring.data.redis.host at your Redis, or use "
							+ "bulwark.resilience.rate-limit.store=memory.");
		}
		return new InMemoryRateLimitStore(properties.getMaxClients());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitFilter rateLimitFilter(RateLimitProperties properties, RateLimitStore store,
			ObjectProvider<ProblemDetailsSupport> problems, ObjectProvider<JsonMapper> jsonMapper) {
		for (int i = 0; i < properties.getRules().size(); i++) {
			RateLimitProperties.Rule rule = properties.getRules().get(i);
			String prefix = "bulwark.resilience.rate-limit.rules[" + i + "].";
			if (!(rule.getRequestsPerSecond() > 0)) {
				throw new InvalidBulwarkPropertyException(prefix + "requests-per-second", rule.getRequestsPerSecond(),
						"the rate must be positive", "Set a positive rate, such as 20.");
			}
			if (rule.getBurst() < 1) {
				throw new InvalidBulwarkPropertyException(prefix + "burst", rule.getBurst(),
						"the bucket must hold at least one request", "Set a burst of at least 1.");
			}
		}
		return new RateLimitFilter(properties, store, ProblemDetailsSupport.getOrCreate(problems, jsonMapper));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "rateLimitMetrics")
		MeterBinder rateLimitMetrics(RateLimitFilter filter) {
			return (registry) -> filter.ruleNames()
				.forEach((rule) -> FunctionCounter.builder("bulwark.resilience.rate.limited", filter,
						(f) -> f.limitedCount(rule))
					.description("Requests refused with 429 by a rate-limit rule")
					.tag("rule", rule)
					.register(registry));
		}

		@Bean
		@ConditionalOnMissingBean(name = "rateLimitStoreMetrics")
		MeterBinder rateLimitStoreMetrics(ObjectProvider<RateLimitStore> store) {
			return (registry) -> {
				if (store.getIfUnique() instanceof RedisRateLimitStore redis) {
					FunctionCounter
						.builder("bulwark.resilience.rate.limit.store.fail.open", redis,
								RedisRateLimitStore::failOpenCount)
						.description("Requests let through without a rate-limit decision: Redis failed, hung or its "
								+ "circuit breaker was open")
						.register(registry);
				}
			};
		}

	}

	@Bean
	@ConditionalOnMissingBean(name = "rateLimitFilterRegistration")
	FilterRegistrationBean<RateLimitFilter> rateLimitFilterRegistration(RateLimitFilter filter,
			RateLimitProperties properties) {
		FilterRegistrationBean<RateLimitFilter> registration = FilterRegistrations.ordered(filter, FILTER_ORDER);
		// no rules, no filter: requests pay nothing for a feature that is not used
		registration.setEnabled(!properties.getRules().isEmpty());
		return registration;
	}

}
