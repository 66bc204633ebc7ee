package dev.bulwark.core.problem;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.correlation.CorrelationIdFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Adds the members every Bulwark problem carries ({@code instance}, {@code correlationId}, {@code traceId}), and
 * writes problems from places that are outside Spring MVC, such as servlet filters.
 */
public class ProblemDetailsSupport {

	/**
	 * Extension member holding the request's correlation id.
	 */
	public static final String CORRELATION_ID = "correlationId";

	/**
	 * Extension member holding the request's trace id.
	 */
	public static final String TRACE_ID = "traceId";

	private final String traceIdMdcKey;

	private final JsonMapper jsonMapper;

	public ProblemDetailsSupport(ProblemDetailsProperties properties, JsonMapper jsonMapper) {
		this.traceIdMdcKey = properties.getTraceIdMdcKey();
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The application's support when problem details are on, or one with the defaults for features (such as the body
	 * limit or rate limits) that answer with problems even when they are off.
	 * @param support the application's, if any
	 * @param jsonMapper the application's JSON mapper, if any
	 * @return the support to use
	 */
	public static ProblemDetailsSupport getOrCreate(ObjectProvider<ProblemDetailsSupport> support,
			ObjectProvider<JsonMapper> jsonMapper) {
		return support.getIfAvailable(() -> new ProblemDetailsSupport(new ProblemDetailsProperties(),
				jsonMapper.getIfAvailable(JsonMapper::shared)));
	}

	/**
	 * Adds the request path, correlation id and trace id to {@code problem}, where known and not yet set.
	 * @param problem the problem to complete
	 * @param request the request it answers
	 * @return the same problem
	 */
	public ProblemDetail enrich(ProblemDetail problem, @Nullable HttpServletRequest request) {
		Map<String, @Nullable Object> properties = problem.getProperties();
		if (request != null) {
			if (problem.getInstance() == null) {
				problem.setInstance(path(request));
			}
			Object correlationId = request.getAttribute(CorrelationIdFilter.REQUEST_ATTRIBUTE);
			if (correlationId != null && (properties == null || !properties.containsKey(CORRELATION_ID))) {
				problem.setProperty(CORRELATION_ID, correlationId);
			}
		}
		String traceId = MDC.get(this.traceIdMdcKey);
		if (traceId != null && (properties == null || !properties.containsKey(TRACE_ID))) {
			problem.setProperty(TRACE_ID, traceId);
		}
		return problem;
	}

	private static URI path(HttpServletRequest request) {
		// on an error dispatch the request URI is the error page's; the original is kept as an attribute
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (original instanceof String value) ? value : request.getRequestURI();
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			try {
				return new URI(null, null, path, null);
			}
			catch (URISyntaxException notAPath) {
				return URI.create("/");
			}
		}
	}

	/**
	 * Writes a complete problem response, for code that runs before Spring MVC.
	 * @param status the response status
	 * @param detail the human-readable detail, naming no internals
	 * @param request the request being answered
	 * @param response the response to write
	 * @throws IOException if the response cannot be written
	 */
	public void write(HttpStatus status, String detail, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemDetail problem = enrich(ProblemDetail.forStatusAndDetail(status, detail), request);
		byte[] body = this.jsonMapper.writeValueAsBytes(toMap(problem));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// a declared length lets the client read the whole answer even while the server drops the rest of its body
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * The JSON members of {@code problem}, with extension members at the top level as RFC 9457 wants.
	 * @param problem the problem
	 * @return its members in document order
	 */
	static Map<String, @Nullable Object> toMap(ProblemDetail problem) {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		if (problem.getType() != null) {
			members.put("type", problem.getType().toString());
		}
		members.put("title", problem.getTitle());
		members.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			members.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			members.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		return members;
	}

}
