package dev.bulwark.core.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(JacksonAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
					RequestBodyLimitAutoConfiguration.class));

	@Test
	void shouldAnswerErrorsAsProblemsByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ProblemDetailsExceptionHandler.class)
				.hasSingleBean(ProblemErrorController.class)
				.hasSingleBean(RequestBodyLimitFilter.class)
				.hasSingleBean(ProblemDetailsSupport.class);
			assertThat(context.getBean(RequestBodyLimitProperties.class).getMaxSize())
				.isEqualTo(DataSize.ofMegabytes(1));
		});
	}

	@Test
	void shouldReplaceBootsBasicErrorController() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
					WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(ErrorController.class)
				.isInstanceOf(ProblemErrorController.class));
	}

	@Test
	void shouldBackOffWhenDisabledButKeepTheBodyLimit() {
		this.runner.withPropertyValues("bulwark.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class)
				.doesNotHaveBean(ProblemErrorController.class)
				.hasSingleBean(RequestBodyLimitFilter.class));
	}

	@Test
	void shouldFailNamingThePropertyForAZeroBodyLimit() {
		this.runner.withPropertyValues("bulwark.request-body.max-size=0B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bulwark.request-body.max-size"));
	}

	@Test
	void shouldSkipBodyLimitWhenItIsSwitchedOff() {
		this.runner.withPropertyValues("bulwark.request-body.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ProblemDetailsExceptionHandler.class)
				.doesNotHaveBean(RequestBodyLimitFilter.class));
	}

	@Test
	void shouldBindBodyLimit() {
		this.runner.withPropertyValues("bulwark.request-body.max-size=256KB")
			.run((context) -> assertThat(context.getBean(RequestBodyLimitProperties.class).getMaxSize())
				.isEqualTo(DataSize.ofKilobytes(256)));
	}

	@Test
	void shouldBackOffWhenUserDefinesExceptionHandlerAndErrorController() {
		this.runner.withUserConfiguration(UserHandlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class)
				.doesNotHaveBean(ProblemErrorController.class)
				.hasBean("userExceptionHandler")
				.hasBean("userErrorController"));
	}

	@Test
	void shouldNotApplyWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class));
	}

	@Test
	void shouldNotApplyOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemDetailsSupport.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandlers {

		@Bean
		ResponseEntityExceptionHandler userExceptionHandler() {
			return new ResponseEntityExceptionHandler() {
			};
		}

		@Bean
		ErrorController userErrorController() {
			return new ErrorController() {
				@SuppressWarnings("unused")
				String handle(HttpServletRequest request) {
					return "custom";
				}
			};
		}

	}

}
