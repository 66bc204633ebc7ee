package dev.bulwark.observability.logging;

import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * One access-log line per HTTP request of a servlet application.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = { "bulwark.observability.enabled", "bulwark.observability.access-log.enabled" },
		matchIfMissing = true)
@EnableConfigurationProperties(AccessLogProperties.class)
public final class AccessLogAutoConfiguration {

	/**
	 * Inside the correlation id filter and Boot's server observation filter (which starter-resilience's adaptive
	 * limiter moves to {@code HIGHEST_PRECEDENCE + 2}), so that the line carries the correlation and trace ids.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

	@Bean
	@ConditionalOnMissingBean
	AccessLogFilter accessLogFilter(AccessLogProperties properties) {
		return new AccessLogFilter(properties);
	}

	@Bean
	@ConditionalOnMissingBean(name = "accessLogFilterRegistration")
	FilterRegistrationBean<AccessLogFilter> accessLogFilterRegistration(AccessLogFilter filter) {
		return FilterRegistrations.ordered(filter, FILTER_ORDER);
	}

}
