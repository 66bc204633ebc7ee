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
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error of a Spring MVC service.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class,
		beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
				"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "bulwark.problem-details.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProblemDetailsProperties.class)
public final class ProblemDetailsAutoConfiguration {

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

}
