package dev.bulwark.resilience.adaptive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.AbstractPartitionedLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.bulwark.core.correlation.CorrelationIdFilter;
import dev.bulwark.core.json.JsonStrings;
import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.core.web.ShedRequests;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds load before queues grow: each request takes a slot of the adaptive concurrency limit or is refused at once
 * (429 by default, see {@link AdaptiveLimitProperties#getShedStatus()}) with {@code Retry-After}. Probes and scrapes bypass the limiter; critical routes keep a reserved share of it. A
 * request's latency feeds the limit only when it succeeded: 5xx answers and failures are ignored, so that fast
 * failures do not raise the limit.
 */
public class AdaptiveLimitFilter extends OncePerRequestFilter {

	static final String CRITICAL = "critical";

	static final String STANDARD = "standard";

	private final AbstractLimiter<HttpServletRequest> limiter;

	private final List<String> excludedPaths;

	private final List<String> criticalPaths;

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final LongAdder rejected = new LongAdder();

	private final int shedStatus;

	/**
	 * The problem document of a shed request up to its {@code instance}.
	 */
	private final String shedProblem;

	/**
	 * @param properties the limiter's settings
	 * @param problems no longer used: a shed request gets a fixed problem document
	 * @deprecated use {@link #AdaptiveLimitFilter(AdaptiveLimitProperties)}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public AdaptiveLimitFilter(AdaptiveLimitProperties properties, ProblemDetailsSupport problems) {
		this(properties);
	}

	public AdaptiveLimitFilter(AdaptiveLimitProperties properties) {
		this.shedStatus = properties.getShedStatus();
		this.shedProblem = "{\"type\":\"about:blank\",\"title\":\""
				+ HttpStatus.valueOf(this.shedStatus).getReasonPhrase() + "\",\"status\":" + this.shedStatus
				+ ",\"detail\":\"The service is at capacity; retry shortly.\",\"instance\":";
		this.excludedPaths = List.copyOf(properties.getExcludedPaths());
		this.criticalPaths = List.copyOf(properties.getCriticalPaths());
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
			builder.partitionResolver((request) -> isCritical(request) ? CRITICAL : STANDARD)
				.partition(CRITICAL, properties.getCriticalShare())
				.partition(STANDARD, 1 - properties.getCriticalShare());
		}
		this.limiter = (AbstractLimiter<HttpServletRequest>) builder.build();
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

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return matches(this.excludedPaths, request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> slot = this.limiter.acquire(request);
		if (slot.isEmpty()) {
			this.rejected.increment();
			shed(request, response);
			return;
		}
		Limiter.Listener listener = slot.get();
		boolean released = false;
		try {
			chain.doFilter(request, response);
			if (response.getStatus() < 500) {
				listener.onSuccess();
			}
			else {
				listener.onIgnore();
			}
			released = true;
		}
		finally {
			if (!released) {
				listener.onIgnore();
			}
		}
	}

	/**
	 * The cheapest answer that still says what happened: a problem document written by hand (with {@code instance} and
	 * {@code correlationId}, without a trace id), {@code Retry-After}, and no access-log line. The filter runs before
	 * the HTTP server's observation, so a refusal is neither timed nor traced: it is counted in
	 * {@code bulwark.resilience.adaptive.rejected}.
	 */
	private void shed(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ShedRequests.mark(request);
		StringBuilder body = new StringBuilder(this.shedProblem.length() + 96).append(this.shedProblem);
		JsonStrings.appendQuoted(body, request.getRequestURI());
		Object correlationId = request.getAttribute(CorrelationIdFilter.REQUEST_ATTRIBUTE);
		if (correlationId != null) {
			JsonStrings.appendQuoted(body.append(",\"correlationId\":"), correlationId.toString());
		}
		byte[] bytes = body.append('}').toString().getBytes(StandardCharsets.UTF_8);
		response.setStatus(this.shedStatus);
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	private boolean isCritical(HttpServletRequest request) {
		return matches(this.criticalPaths, request.getRequestURI());
	}

	private boolean matches(List<String> patterns, String path) {
		for (String pattern : patterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	private static final class LimiterBuilder
			extends AbstractPartitionedLimiter.Builder<LimiterBuilder, HttpServletRequest> {

		@Override
		protected LimiterBuilder self() {
			return this;
		}

	}

}
