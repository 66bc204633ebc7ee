package dev.bulwark.resilience.adaptive;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.http.HttpServletRequest;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.AbstractPartitionedLimiter;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.json.JsonStrings;
import dev.bulwark.core.web.RequestPathPatterns;

import org.springframework.http.HttpStatus;

/**
 * The adaptive concurrency limit of inbound HTTP requests, whichever layer applies it ({@link AdaptiveLimitValve} in
 * front of Tomcat's servlet pipeline, or {@link AdaptiveLimitFilter}): which paths bypass it, which are critical, a
 * slot per admitted request, and the refusal's problem document. A request's latency feeds the limit only when it
 * succeeded: 5xx answers and failures are ignored, so that fast failures do not raise the limit.
 */
public class InboundRequestLimiter {

	static final String CRITICAL = "critical";

	static final String STANDARD = "standard";

	private final AbstractLimiter<HttpServletRequest> limiter;

	private final RequestPathPatterns excludedPaths;

	private final RequestPathPatterns criticalPaths;

	private final LongAdder rejected = new LongAdder();

	private final int shedStatus;

	/**
	 * The problem document of a shed request up to its {@code instance}.
	 */
	private final String shedProblem;

	public InboundRequestLimiter(AdaptiveLimitProperties properties) {
		this.shedStatus = properties.getShedStatus();
		this.shedProblem = "{\"type\":\"about:blank\",\"title\":\""
				+ HttpStatus.valueOf(this.shedStatus).getReasonPhrase() + "\",\"status\":" + this.shedStatus
				+ ",\"detail\":\"The service is at capacity; retry shortly.\",\"instance\":";
		this.excludedPaths = RequestPathPatterns.of(properties.getExcludedPaths());
		this.criticalPaths = RequestPathPatterns.of(properties.getCriticalPaths());
		Limit limit = switch (properties.getAlgorithm()) {
			case VEGAS -> VegasLimit.newBuilder()
				.initialLimit(properties.getInitialLimit())
				.maxConcurrency(properties.getMaxLimit())
				.build();
			case GRADIENT -> Gradient2Limit.newBuilder()
				.initialLimit(properties.getInitialLimit())
				.minLimit(properties.getMinLimit())
				.maxConcurrency(properties.getMaxLimit())
				.build();
		};
		LimiterBuilder builder = new LimiterBuilder().named("http-server").limit(limit);
		if (!this.criticalPaths.isEmpty()) {
			builder.partitionResolver((request) -> this.criticalPaths.matches(request) ? CRITICAL : STANDARD)
				.partition(CRITICAL, properties.getCriticalShare())
				.partition(STANDARD, 1 - properties.getCriticalShare());
		}
		this.limiter = (AbstractLimiter<HttpServletRequest>) builder.build();
	}

	/**
	 * @param request a request
	 * @return whether the request bypasses the limit (probes and scrapes), by the path Spring MVC routes it by
	 */
	public boolean isExcluded(HttpServletRequest request) {
		return this.excludedPaths.matches(request);
	}

	/**
	 * Takes a slot for a request, or counts it as shed.
	 * @param request the request
	 * @return the slot, to be released with {@link #release}, or empty when the request must be refused
	 */
	public Optional<Limiter.Listener> acquire(HttpServletRequest request) {
		Optional<Limiter.Listener> slot = this.limiter.acquire(request);
		if (slot.isEmpty()) {
			this.rejected.increment();
		}
		return slot;
	}

	/**
	 * Gives a slot back once the request has been answered.
	 * @param slot the slot {@link #acquire} gave
	 * @param status the answer's status: the latency of a 5xx is not learnt from
	 */
	public void release(Limiter.Listener slot, int status) {
		if (status < 500) {
			slot.onSuccess();
		}
		else {
			slot.onIgnore();
		}
	}

	/**
	 * @return the status of a refusal, 429 or 503
	 */
	public int getShedStatus() {
		return this.shedStatus;
	}

	/**
	 * The refusal's body: a problem document written by hand, with {@code instance} and {@code correlationId}.
	 * @param path the request URI
	 * @param correlationId the request's correlation id, if it has one
	 * @return the document in UTF-8
	 */
	public byte[] refusal(String path, @Nullable String correlationId) {
		StringBuilder body = new StringBuilder(this.shedProblem.length() + 96).append(this.shedProblem);
		JsonStrings.appendQuoted(body, path);
		if (correlationId != null) {
			JsonStrings.appendQuoted(body.append(",\"correlationId\":"), correlationId);
		}
		return body.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * @return the current concurrency limit
	 */
	public int getLimit() {
		return this.limiter.getLimit();
	}

	/**
	 * @return how many requests have been shed
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	/**
	 * @return the requests holding a slot now
	 */
	public int getInflight() {
		return this.limiter.getInflight();
	}

	private static final class LimiterBuilder extends AbstractPartitionedLimiter.Builder<LimiterBuilder, HttpServletRequest> {

		@Override
		protected LimiterBuilder self() {
			return this;
		}

	}

}
