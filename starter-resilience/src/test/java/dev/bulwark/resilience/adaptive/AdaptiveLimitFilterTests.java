package dev.bulwark.resilience.adaptive;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request over the limit is refused with the configured status (429 unless told otherwise), and the limiter runs
 * before Boot's server observation.
 */
class AdaptiveLimitFilterTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AdaptiveLimitAutoConfiguration.class))
		.withPropertyValues("bulwark.resilience.adaptive-limit.initial-limit=1",
				"bulwark.resilience.adaptive-limit.min-limit=1");

	@Test
	void aRequestOverTheLimitIsRefusedWith429ByDefault() {
		this.runner.run((context) -> {
			MockHttpServletResponse refused = refusedWhileOneIsInFlight(context.getBean(AdaptiveLimitFilter.class));
			assertThat(refused.getStatus()).isEqualTo(429);
			assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
			assertThat(refused.getContentAsString()).contains("\"title\":\"Too Many Requests\"", "\"status\":429");
			assertThat(context.getBean(InboundRequestLimiter.class).getRejected()).isOne();
		});
	}

	@Test
	void theRefusalStatusCanBe503() {
		this.runner.withPropertyValues("bulwark.resilience.adaptive-limit.shed-status=503").run((context) -> {
			MockHttpServletResponse refused = refusedWhileOneIsInFlight(context.getBean(AdaptiveLimitFilter.class));
			assertThat(refused.getStatus()).isEqualTo(503);
			assertThat(refused.getContentAsString()).contains("\"title\":\"Service Unavailable\"", "\"status\":503");
		});
	}

	@Test
	void anyOtherRefusalStatusStopsTheStart() {
		this.runner.withPropertyValues("bulwark.resilience.adaptive-limit.shed-status=500")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining("shed-status"));
	}

	@Test
	void onTomcatAValveAppliesTheLimitUnlessSwitchedOff() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AdaptiveLimitValve.class)
			.hasSingleBean(AdaptiveLimitFilter.class));
		this.runner.withPropertyValues("bulwark.resilience.adaptive-limit.tomcat-valve=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AdaptiveLimitValve.class)
				.hasSingleBean(AdaptiveLimitFilter.class));
	}

	@Test
	void withoutTomcatTheFilterAppliesTheLimit() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AdaptiveLimitValve.class)
				.hasSingleBean(AdaptiveLimitFilter.class)
				.getBean("adaptiveLimitFilterRegistration", FilterRegistrationBean.class)
				.extracting(FilterRegistrationBean::isEnabled)
				.isEqualTo(true));
	}

	@Test
	void bootsServerObservationRunsAfterTheLimiterUnlessItWasMoved() {
		this.runner.withUserConfiguration(ObservationFilters.class).run((context) -> {
			assertThat(context.getBean("observation", FilterRegistrationBean.class).getOrder())
				.isEqualTo(AdaptiveLimitAutoConfiguration.OBSERVATION_FILTER_ORDER)
				.isGreaterThan(AdaptiveLimitAutoConfiguration.FILTER_ORDER);
			assertThat(context.getBean("movedObservation", FilterRegistrationBean.class).getOrder()).isEqualTo(42);
		});
	}

	private static MockHttpServletResponse refusedWhileOneIsInFlight(AdaptiveLimitFilter filter) throws Exception {
		AtomicReference<MockHttpServletResponse> second = new AtomicReference<>();
		MockHttpServletRequest first = request();
		filter.doFilter(first, new MockHttpServletResponse(), (request, response) -> {
			MockHttpServletResponse refused = new MockHttpServletResponse();
			filter.doFilter(request(), refused, new MockFilterChain());
			second.set(refused);
		});
		return second.get();
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		request.setDispatcherType(DispatcherType.REQUEST);
		return request;
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationFilters {

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> observation() {
			FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
					new ServerHttpObservationFilter(ObservationRegistry.NOOP));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			return registration;
		}

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> movedObservation() {
			FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
					new ServerHttpObservationFilter(ObservationRegistry.NOOP));
			registration.setOrder(42);
			return registration;
		}

	}

}
