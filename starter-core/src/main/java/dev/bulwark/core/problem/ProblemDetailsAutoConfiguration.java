package dev.bulwark.core.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error of a Spring MVC service, and the request body size limit.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class,
		beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
				"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "bulwark.problem-details.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ProblemDetailsProperties.class, RequestBodyLimitProperties.class })
public final class ProblemDetailsAutoConfiguration {

	/**
	 * Filter order of the request body limit: right after correlation ids and the server observation, before
	 * security, so that an oversized body is refused before any work is spent on it.
	 */
	public static final int REQUEST_BODY_LIMIT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsSupport problemDetailsSupport(ProblemDetailsProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new ProblemDetailsSupport(properties, jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemDetailsExceptionHandler problemDetailsExceptionHandler(ProblemDetailsSupport support) {
		return new ProblemDetailsExceptionHandler(support);
	}

	@Bean
	@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
	ProblemErrorController problemErrorController(ProblemDetailsSupport support) {
		return new ProblemErrorController(support);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bulwark.request-body.enabled", matchIfMissing = true)
	static class RequestBodyLimitConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestBodyLimitFilter requestBodyLimitFilter(RequestBodyLimitProperties properties,
				ProblemDetailsSupport support) {
			return new RequestBodyLimitFilter(properties, support);
		}

		@Bean
		@ConditionalOnMissingBean(name = "requestBodyLimitFilterRegistration")
		FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilterRegistration(
				RequestBodyLimitFilter filter) {
			FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(REQUEST_BODY_LIMIT_FILTER_ORDER);
			registration.setAsyncSupported(true);
			return registration;
		}

	}

}
