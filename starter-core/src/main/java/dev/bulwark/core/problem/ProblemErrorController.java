package dev.bulwark.core.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page as a problem: answers whatever reaches the servlet container's error dispatch (exceptions no
 * handler took, {@code sendError} calls, filters' failures) as application/problem+json, whatever the client
 * accepts. A 5xx says only that an error occurred; the exception is logged by the container, never shown. Requested
 * directly, with no error to report, the path answers 404 as any path that serves nothing.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

	private static final String SERVER_ERROR_DETAIL = "An unexpected error occurred.";

	private final ProblemDetailsSupport support;

	public ProblemErrorController(ProblemDetailsSupport support) {
		this.support = support;
	}

	/**
	 * @param request the error dispatch
	 * @return the problem for the status the container recorded
	 */
	@RequestMapping
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = status(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status, request));
		this.support.enrich(problem, request);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return new ResponseEntity<>(problem, headers, status);
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			// requested directly, not dispatched for an error: nothing is served here
			return HttpStatus.NOT_FOUND;
		}
		if (code instanceof Integer value) {
			HttpStatus status = HttpStatus.resolve(value);
			if (status != null) {
				return status;
			}
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static String detail(HttpStatus status, HttpServletRequest request) {
		if (status.is5xxServerError()) {
			return SERVER_ERROR_DETAIL;
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		if (message instanceof String text && !text.isBlank() && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null) {
			return text;
		}
		return status.getReasonPhrase() + ".";
	}

}
