package dev.bulwark.core.problem;

import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The request body size limit, answered with 413 as a problem. Independent of the rest of the problem details: it
 * stays on when they are switched off.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, ProblemDetailsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "bulwark.request-body.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestBodyLimitProperties.class)
public final class RequestBodyLimitAutoConfiguration {

	/**
	 * Filter order of the request body limit: right after correlation ids, the server observation and the access
	 * log, before security, so that an oversized body is refused before any work is spent on it.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	@ConditionalOnMissingBean
	RequestBodyLimitFilter requestBodyLimitFilter(RequestBodyLimitProperties properties,
			ObjectProvider<ProblemDetailsSupport> support, ObjectProvider<JsonMapper> jsonMapper) {
		if (properties.getMaxSize().toBytes() <= 0) {
			throw new InvalidBulwarkPropertyException("bulwark.request-body.max-size", properties.getMaxSize(),
					"the limit must be larger than zero", "Set bulwark.request-body.max-size to a size such as 1MB, "
							+ "or switch the limit off with bulwark.request-body.enabled=false.");
		}
		ProblemDetailsSupport problems = ProblemDetailsSupport.getOrCreate(support, jsonMapper);
		return new RequestBodyLimitFilter(properties, problems);
	}

	@Bean
	@ConditionalOnMissingBean(name = "requestBodyLimitFilterRegistration")
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilterRegistration(RequestBodyLimitFilter filter) {
		return FilterRegistrations.ordered(filter, FILTER_ORDER);
	}

}
