package dev.bulwark.core.correlation;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.web.FilterRegistrations;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Correlation ids for inbound requests and outbound {@code RestClient} and {@code WebClient} calls.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "bulwark.correlation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CorrelationIdProperties.class)
public final class CorrelationIdAutoConfiguration {

	/**
	 * Filter order: before everything else, so that even the earliest rejection carries the id.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdFilter correlationIdFilter(CorrelationIdProperties properties) {
			requireHeaderToken(properties.getHeaderName());
			return new CorrelationIdFilter(properties);
		}

		@Bean
		@ConditionalOnMissingBean(name = "correlationIdFilterRegistration")
		FilterRegistrationBean<CorrelationIdFilter> correlationIdFilterRegistration(CorrelationIdFilter filter) {
			return FilterRegistrations.ordered(filter, FILTER_ORDER);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
	@ConditionalOnBooleanProperty(name = "bulwark.correlation.propagate", matchIfMissing = true)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdRestClientInterceptor correlationIdRestClientInterceptor(CorrelationIdProperties properties) {
			return new CorrelationIdRestClientInterceptor(properties);
		}

		@Bean
		@ConditionalOnMissingBean(name = "correlationIdRestClientCustomizer")
		RestClientCustomizer correlationIdRestClientCustomizer(CorrelationIdRestClientInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
	@ConditionalOnBooleanProperty(name = "bulwark.correlation.propagate", matchIfMissing = true)
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdWebClientFilter correlationIdWebClientFilter(CorrelationIdProperties properties) {
			return new CorrelationIdWebClientFilter(properties);
		}

		@Bean
		@ConditionalOnMissingBean(name = "correlationIdWebClientCustomizer")
		WebClientCustomizer correlationIdWebClientCustomizer(CorrelationIdWebClientFilter filter) {
			return (builder) -> builder.filter(filter);
		}

	}

	private static void requireHeaderToken(String headerName) {
		for (int i = 0; i < headerName.length(); i++) {
			char c = headerName.charAt(i);
			boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!token) {
				throw new InvalidBulwarkPropertyException("bulwark.correlation.header-name", headerName,
						"an HTTP header name may contain only letters, digits and !#$%&'*+-.^_`|~",
						"Set bulwark.correlation.header-name to a valid header name, such as X-Request-Id.");
			}
		}
	}

}
