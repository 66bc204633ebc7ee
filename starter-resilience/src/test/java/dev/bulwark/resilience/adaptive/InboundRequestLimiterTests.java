package dev.bulwark.resilience.adaptive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every layer that applies the limit shares: slots, excluded and critical paths, and the refusal's document.
 */
class InboundRequestLimiterTests {

	@Test
	void aRequestOverTheLimitIsCountedAndItsSlotComesBack() {
		InboundRequestLimiter limiter = new InboundRequestLimiter(properties(1));
		Optional<Limiter.Listener> first = limiter.acquire(request("/orders"));
		assertThat(first).isPresent();
		assertThat(limiter.acquire(request("/orders"))).isEmpty();
		assertThat(limiter.getRejected()).isOne();
		assertThat(limiter.getInflight()).isOne();
		limiter.release(first.get(), 503);
		assertThat(limiter.getInflight()).isZero();
		assertThat(limiter.acquire(request("/orders"))).isPresent();
	}

	@Test
	void probesAndScrapesAreExcludedByDefault() {
		InboundRequestLimiter limiter = new InboundRequestLimiter(new AdaptiveLimitProperties());
		assertThat(limiter.isExcluded(request("/health"))).isTrue();
		assertThat(limiter.isExcluded(request("/actuator/prometheus"))).isTrue();
		assertThat(limiter.isExcluded(request("/orders"))).isFalse();
	}

	@Test
	void criticalRoutesKeepTheirShareWhenOtherRoutesTakeTheRest() {
		AdaptiveLimitProperties properties = properties(2);
		properties.setCriticalPaths(List.of("/payments/**"));
		InboundRequestLimiter limiter = new InboundRequestLimiter(properties);
		assertThat(limiter.acquire(request("/orders"))).isPresent();
		assertThat(limiter.acquire(request("/orders"))).as("a share may be exceeded while the limit is not").isPresent();
		assertThat(limiter.acquire(request("/orders"))).as("standard routes over their share at the limit").isEmpty();
		assertThat(limiter.acquire(request("/payments/1"))).as("critical routes within their share").isPresent();
	}

	@Test
	void theRefusalIsAProblemDocumentWithTheRequestsPathAndCorrelationIdEscaped() {
		AdaptiveLimitProperties properties = properties(1);
		properties.setShedStatus(503);
		InboundRequestLimiter limiter = new InboundRequestLimiter(properties);
		assertThat(new String(limiter.refusal("/a\"b", "id-1"), StandardCharsets.UTF_8)).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The service is"
						+ " at capacity; retry shortly.\",\"instance\":\"/a\\\"b\",\"correlationId\":\"id-1\"}");
		assertThat(new String(limiter.refusal("/a", null), StandardCharsets.UTF_8)).endsWith("\"instance\":\"/a\"}");
	}

	private static AdaptiveLimitProperties properties(int limit) {
		AdaptiveLimitProperties properties = new AdaptiveLimitProperties();
		properties.setInitialLimit(limit);
		properties.setMinLimit(1);
		properties.setMaxLimit(limit);
		return properties;
	}

	private static MockHttpServletRequest request(String path) {
		return new MockHttpServletRequest("GET", path);
	}

}
