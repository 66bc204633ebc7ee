package dev.bulwark.core.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers Spring MVC's own exceptions as RFC 9457 problems, with field errors for validation failures and the
 * correlation and trace ids of the request. Exceptions it does not know are left to the error page
 * ({@link ProblemErrorController}), so that other handlers and Spring Security still see them.
 */
@RestControllerAdvice
public class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Comparator<FieldError> BY_FIELD = Comparator.comparing(FieldError::field)
		.thenComparing(FieldError::message);

	private final ProblemDetailsSupport support;

	public ProblemDetailsExceptionHandler(ProblemDetailsSupport support) {
		this.support = support;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = validationProblem(fieldErrors(ex.getBindingResult()));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String parameter = result.getMethodParameter().getParameterName();
			if (result instanceof ParameterErrors parameterErrors) {
				errors.addAll(fieldErrors(parameterErrors, parameter + "."));
			}
			else {
				for (MessageSourceResolvable error : result.getResolvableErrors()) {
					errors.add(new FieldError(String.valueOf(parameter), message(error)));
				}
			}
		}
		if (errors.isEmpty()) {
			return super.handleHandlerMethodValidationException(ex, headers, status, request);
		}
		return handleExceptionInternal(ex, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Bean Validation failures of {@code @Validated} beans called from a controller.
	 * @param ex the violations
	 * @param request the request
	 * @return a 400 problem listing every violation
	 */
	@ExceptionHandler(ConstraintViolationException.class)
	public @Nullable ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex,
			WebRequest request) {
		List<FieldError> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldError(leafPath(violation.getPropertyPath().toString()),
					violation.getMessage()))
			.sorted(BY_FIELD)
			.toList();
		return handleExceptionInternal(ex, validationProblem(errors), new HttpHeaders(), HttpStatus.BAD_REQUEST,
				request);
	}

	/**
	 * A body of unknown length that grew past the limit while it was read.
	 * @param ex the failure, possibly wrapped
	 * @param request the request
	 * @return a 413 problem
	 */
	@ExceptionHandler(RequestBodyTooLargeException.class)
	public @Nullable ResponseEntity<Object> handleRequestBodyTooLarge(RequestBodyTooLargeException ex,
			WebRequest request) {
		return bodyTooLarge(ex, new HttpHeaders(), request);
	}

	private @Nullable ResponseEntity<Object> bodyTooLarge(Exception ex, HttpHeaders headers, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				RequestBodyTooLargeException.DETAIL);
		HttpHeaders closing = new HttpHeaders(headers);
		closing.set(HttpHeaders.CONNECTION, "close");
		return handleExceptionInternal(ex, problem, closing, HttpStatus.CONTENT_TOO_LARGE, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestBodyTooLargeException.isCauseOf(ex)) {
			return bodyTooLarge(ex, headers, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON for this resource.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No resource at this path.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			this.support.enrich(problem, servletRequest(request));
			HttpHeaders problemHeaders = new HttpHeaders(headers);
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			return new ResponseEntity<>(problem, problemHeaders, statusCode);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static @Nullable HttpServletRequest servletRequest(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
	}

	private static ProblemDetail validationProblem(List<FieldError> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has " + errors.size() + ((errors.size() == 1) ? " invalid field." : " invalid fields."));
		problem.setTitle("Validation failed");
		problem.setProperty(FieldError.ERRORS, errors);
		return problem;
	}

	private static List<FieldError> fieldErrors(BindingResult result) {
		return fieldErrors(result, "");
	}

	private static List<FieldError> fieldErrors(org.springframework.validation.Errors result, String prefix) {
		List<FieldError> errors = new ArrayList<>();
		for (org.springframework.validation.FieldError error : result.getFieldErrors()) {
			errors.add(new FieldError(prefix + error.getField(), message(error)));
		}
		for (ObjectError error : result.getGlobalErrors()) {
			String name = prefix.isEmpty() ? error.getObjectName() : prefix.substring(0, prefix.length() - 1);
			errors.add(new FieldError(name, message(error)));
		}
		errors.sort(BY_FIELD);
		return errors;
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		return (message != null) ? message : "is invalid";
	}

	private static String leafPath(String propertyPath) {
		// "create.arg0.items[0].quantity" -> "arg0.items[0].quantity": drop the method name, keep the path
		int dot = propertyPath.indexOf('.');
		return (dot >= 0) ? propertyPath.substring(dot + 1) : propertyPath;
	}

}
