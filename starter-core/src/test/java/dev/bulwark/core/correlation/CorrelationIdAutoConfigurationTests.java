package dev.bulwark.core.correlation;

import org.junit.jupiter.api.Test;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CorrelationIdAutoConfiguration.class));

	@Test
	void shouldRegisterFilterAndClientPropagationByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CorrelationIdFilter.class)
				.hasBean("correlationIdFilterRegistration")
				.hasSingleBean(CorrelationIdRestClientInterceptor.class)
				.hasBean("correlationIdRestClientCustomizer")
				.hasSingleBean(CorrelationIdWebClientFilter.class)
				.hasBean("correlationIdWebClientCustomizer");
			assertThat(context.getBean(CorrelationIdProperties.class).getHeaderName()).isEqualTo("X-Request-Id");
		});
	}

	@Test
	void shouldBindProperties() {
		this.runner
			.withPropertyValues("bulwark.correlation.header-name=X-Correlation-Id",
					"bulwark.correlation.max-length=64", "bulwark.correlation.on-invalid=reject")
			.run((context) -> {
				CorrelationIdProperties properties = context.getBean(CorrelationIdProperties.class);
				assertThat(properties.getHeaderName()).isEqualTo("X-Correlation-Id");
				assertThat(properties.getMaxLength()).isEqualTo(64);
				assertThat(properties.getOnInvalid()).isEqualTo(CorrelationIdProperties.InvalidAction.REJECT);
			});
	}

	@Test
	void shouldBackOffEntirelyWhenDisabled() {
		this.runner.withPropertyValues("bulwark.correlation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CorrelationIdFilter.class)
				.doesNotHaveBean(RestClientCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class));
	}

	@Test
	void shouldNotPropagateWhenPropagationIsOff() {
		this.runner.withPropertyValues("bulwark.correlation.propagate=false")
			.run((context) -> assertThat(context).hasSingleBean(CorrelationIdFilter.class)
				.doesNotHaveBean(RestClientCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class));
	}

	@Test
	void shouldBackOffWhenUserDefinesFilter() {
		this.runner.withUserConfiguration(CustomFilterConfiguration.class)
			.run((context) -> assertThat(context).getBean(CorrelationIdFilter.class)
				.isSameAs(context.getBean("customFilter")));
	}

	@Test
	void shouldSkipWebClientWhenWebFluxIsAbsent() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebClientCustomizer.class)
				.hasBean("correlationIdRestClientCustomizer"));
	}

	@Test
	void shouldOnlyPropagateOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CorrelationIdAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CorrelationIdFilter.class)
				.hasBean("correlationIdRestClientCustomizer"));
	}

	@Test
	void shouldFailNamingThePropertyForAnInvalidHeaderName() {
		this.runner.withPropertyValues("bulwark.correlation.header-name=X Request Id").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("bulwark.correlation.header-name");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomFilterConfiguration {

		@Bean
		CorrelationIdFilter customFilter() {
			return new CorrelationIdFilter(new CorrelationIdProperties());
		}

	}

}
