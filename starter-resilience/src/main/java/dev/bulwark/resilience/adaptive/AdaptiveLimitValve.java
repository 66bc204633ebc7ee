package dev.bulwark.resilience.adaptive;

import java.io.IOException;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.correlation.CorrelationIds;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Applies the {@link InboundRequestLimiter} in Tomcat's engine, in front of the servlet pipeline: a refused request
 * never reaches the servlet context, its filters or Spring, so that a refusal costs Tomcat's parsing and a short write
 * and little more. At twice a service's capacity, refusals that cost a large part of an answer eat the capacity the
 * limiter was meant to save.
 * <p>
 * A refusal carries the request's correlation id (its valid correlation header, or a new one) in the response header
 * and the problem document, as {@link AdaptiveLimitFilter}'s did. It is counted in
 * {@code bulwark.resilience.adaptive.rejected}, and neither timed, traced nor written to the access log. Async
 * dispatches pass: the slot is held by the request's first dispatch, as with a filter.
 */
public class AdaptiveLimitValve extends ValveBase {

	private final InboundRequestLimiter limiter;

	private final @Nullable String correlationHeader;

	private final @Nullable CorrelationIds correlationIds;

	/**
	 * @param limiter the limit to apply
	 * @param correlation the correlation id settings, or {@code null} when correlation ids are off
	 */
	public AdaptiveLimitValve(InboundRequestLimiter limiter, @Nullable CorrelationIdProperties correlation) {
		super(true);
		this.limiter = limiter;
		this.correlationHeader = (correlation != null) ? correlation.getHeaderName() : null;
		this.correlationIds = (correlation != null) ? new CorrelationIds(correlation.getMaxLength()) : null;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		String path = request.getRequestURI();
		if (request.isAsyncDispatching() || path == null || this.limiter.isExcluded(request)) {
			getNext().invoke(request, response);
			return;
		}
		Optional<Limiter.Listener> slot = this.limiter.acquire(request);
		if (slot.isEmpty()) {
			refuse(request, response, path);
			return;
		}
		Limiter.Listener listener = slot.get();
		boolean released = false;
		try {
			getNext().invoke(request, response);
			this.limiter.release(listener, response.getStatus());
			released = true;
		}
		finally {
			if (!released) {
				listener.onIgnore();
			}
		}
	}

	private void refuse(Request request, Response response, String path) throws IOException {
		String correlationId = correlationId(request);
		byte[] body = this.limiter.refusal(path, correlationId);
		response.setStatus(this.limiter.getShedStatus());
		if (correlationId != null) {
			response.setHeader(this.correlationHeader, correlationId);
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private @Nullable String correlationId(Request request) {
		if (this.correlationIds == null) {
			return null;
		}
		String incoming = request.getHeader(this.correlationHeader);
		return this.correlationIds.isValid(incoming) ? incoming : this.correlationIds.generate();
	}

}
