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

/**
 * Answers a dependency that is refused or out of time, when the endpoint did not handle it itself: an open circuit
 * or a full bulkhead as 503 with {@code Retry-After}, a spent deadline as 504. The problem names no dependency.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
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

	@ExceptionHandler(DeadlineExceededException.class)
	ResponseEntity<ProblemDetail> deadlineExceeded(DeadlineExceededException ex, HttpServletRequest request) {
		return problem(HttpStatus.GATEWAY_TIMEOUT, "The request could not be completed in time.", request);
	}

	private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
		ProblemDetail problem = this.problems.enrich(ProblemDetail.forStatusAndDetail(status, detail), request);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
