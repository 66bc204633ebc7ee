package dev.bulwark.resilience.adaptive;

import java.io.IOException;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.bulwark.core.correlation.CorrelationIdFilter;
import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.core.web.ShedRequests;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link InboundRequestLimiter} as a servlet filter: each request takes a slot of the adaptive concurrency
 * limit or is refused at once (429 by default, see {@link AdaptiveLimitProperties#getShedStatus()}) with
 * {@code Retry-After}. On Tomcat, {@link AdaptiveLimitValve} does the same in front of the servlet pipeline, where a
 * refusal costs less, and this filter is not registered; it serves other servers and
 * {@code bulwark.resilience.adaptive-limit.tomcat-valve=false}.
 */
public class AdaptiveLimitFilter extends OncePerRequestFilter {

	private final InboundRequestLimiter limiter;

	/**
	 * @param properties the limiter's settings
	 * @param problems no longer used: a shed request gets a fixed problem document
	 * @deprecated use {@link #AdaptiveLimitFilter(InboundRequestLimiter)}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public AdaptiveLimitFilter(AdaptiveLimitProperties properties, ProblemDetailsSupport problems) {
		this(new InboundRequestLimiter(properties));
	}

	/**
	 * @param properties the limiter's settings
	 * @deprecated use {@link #AdaptiveLimitFilter(InboundRequestLimiter)}, which the valve can share
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public AdaptiveLimitFilter(AdaptiveLimitProperties properties) {
		this(new InboundRequestLimiter(properties));
	}

	public AdaptiveLimitFilter(InboundRequestLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return this.limiter.isExcluded(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> slot = this.limiter.acquire(request);
		if (slot.isEmpty()) {
			shed(request, response);
			return;
		}
		Limiter.Listener listener = slot.get();
		boolean released = false;
		try {
			chain.doFilter(request, response);
			this.limiter.release(listener, response.getStatus());
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
		Object correlationId = request.getAttribute(CorrelationIdFilter.REQUEST_ATTRIBUTE);
		byte[] bytes = this.limiter.refusal(request.getRequestURI(),
				(correlationId != null) ? correlationId.toString() : null);
		response.setStatus(this.limiter.getShedStatus());
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

}
