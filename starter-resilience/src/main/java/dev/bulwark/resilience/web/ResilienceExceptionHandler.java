package dev.bulwark.resilience.web;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.servlet.http.HttpServletRequest;

import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.resilience.deadline.DeadlineExceededException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/**
 * Answers a dependency that is refused, unreachable or out of time, when the endpoint did not handle it itself: an
 * open circuit, a full bulkhead or an unreachable dependency as 503 with {@code Retry-After}, a spent deadline or a
 * timeout as 504. The problem names no dependency.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ResilienceExceptionHandler {

	private final ProblemDetailsSupport problems;

	private final Duration retryAfter;

	public ResilienceExceptionHandler(ProblemDetailsSupport problems, Duration retryAfter) {
		this.problems = problems;
		this.retryAfter = retryAfter;
	}

	@ExceptionHandler({ CallNotPermittedException.class, BulkheadFullException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex, HttpServletRequest request) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.SERVICE_UNAVAILABLE,
				"A service this request depends on is unavailable; try again later.", request);
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.retryAfter.toSeconds())))
			.body(response.getBody());
	}

	/**
	 * A dependency that could not be reached or did not answer in time on the last attempt.
	 * @param ex the client's I/O failure
	 * @param request the request
	 * @return 504 for a timeout, 503 otherwise
	 */
	@ExceptionHandler(ResourceAccessException.class)
	ResponseEntity<ProblemDetail> unreachable(ResourceAccessException ex, HttpServletRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
				return deadlineExceeded(ex, request);
			}
		}
		return unavailable(ex, request);
	}

	@ExceptionHandler(DeadlineExceededException.class)
	ResponseEntity<ProblemDetail> deadlineExceeded(RuntimeException ex, HttpServletRequest request) {
		return problem(HttpStatus.GATEWAY_TIMEOUT, "The request could not be completed in time.", request);
	}

	private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
		ProblemDetail problem = this.problems.enrich(ProblemDetail.forStatusAndDetail(status, detail), request);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
