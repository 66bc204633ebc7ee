package dev.bulwark.grpc.status;

import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulwark.resilience.deadline.DeadlineExceededException;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.http.ProblemDetail;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;

/**
 * Maps what a service method throws to a gRPC status, the way the HTTP side maps it to a problem: validation to
 * {@code INVALID_ARGUMENT} with every field violation in a {@code google.rpc.BadRequest}, {@link ErrorResponse}s
 * (such as a 404 {@code ErrorResponseException}) by their HTTP status, an open circuit or a full bulkhead to
 * {@code UNAVAILABLE}/{@code RESOURCE_EXHAUSTED} with a {@code google.rpc.RetryInfo}, a passed deadline to
 * {@code DEADLINE_EXCEEDED}, Spring Security's failures to {@code UNAUTHENTICATED}/{@code PERMISSION_DENIED}.
 * Anything else is {@code INTERNAL} with a fixed message: the exception is logged here, never sent. A
 * {@link StatusException} or {@link StatusRuntimeException} the service threw on purpose passes unchanged.
 * <p>
 * Runs after the application's own {@link GrpcExceptionHandler} beans: it has the lowest precedence, and beans of the
 * same order keep their registration order, in which the application's come first.
 */
public class GrpcStatusExceptionHandler implements GrpcExceptionHandler, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(GrpcStatusExceptionHandler.class);

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2AuthenticationException",
			GrpcStatusExceptionHandler.class.getClassLoader());

	private final Duration retryAfter;

	/**
	 * @param retryAfter how long a refused caller should wait, sent as {@code google.rpc.RetryInfo}
	 */
	public GrpcStatusExceptionHandler(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public @Nullable StatusException handleException(Throwable exception) {
		if (exception instanceof StatusException || exception instanceof StatusRuntimeException) {
			return null;
		}
		if (exception instanceof ConstraintViolationException violations) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			violations.getConstraintViolations()
				.stream()
				.map((violation) -> BadRequest.FieldViolation.newBuilder()
					.setField(violation.getPropertyPath().toString())
					.setDescription(violation.getMessage())
					.build())
				.sorted(Comparator.comparing(BadRequest.FieldViolation::getField))
				.forEach(badRequest::addFieldViolations);
			return invalidArgument(badRequest.build());
		}
		if (exception instanceof BindingResult binding) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			binding.getFieldErrors()
				.forEach((error) -> badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
					.setField(error.getField())
					.setDescription(String.valueOf(error.getDefaultMessage()))));
			binding.getGlobalErrors()
				.forEach((error) -> badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
					.setField(error.getObjectName())
					.setDescription(String.valueOf(error.getDefaultMessage()))));
			return invalidArgument(badRequest.build());
		}
		if (exception instanceof ErrorResponse error) {
			ProblemDetail body = error.getBody();
			Code code = HttpStatusCodes.toGrpc(error.getStatusCode().value());
			String detail = (body.getDetail() != null) ? body.getDetail()
					: (body.getTitle() != null) ? body.getTitle() : code.name();
			return status(code, detail, null);
		}
		if (exception instanceof CallNotPermittedException) {
			return status(Code.UNAVAILABLE, "A dependency is unavailable; retry later.", retryInfo());
		}
		if (exception instanceof BulkheadFullException) {
			return status(Code.RESOURCE_EXHAUSTED, "Too many concurrent calls to a dependency; retry shortly.",
					retryInfo());
		}
		if (exception instanceof DeadlineExceededException || exception instanceof TimeoutException) {
			return status(Code.DEADLINE_EXCEEDED, "The call's deadline passed before the work was done.", null);
		}
		if (SECURITY_PRESENT) {
			StatusException security = SecurityStatuses.map(exception);
			if (security != null) {
				return security;
			}
		}
		logger.error("gRPC call failed with an unexpected exception", exception);
		return status(Code.INTERNAL, "Internal error.", null);
	}

	private Any retryInfo() {
		return retryInfo(this.retryAfter.toSeconds());
	}

	/**
	 * @param seconds when the caller may try again
	 * @return a {@code google.rpc.RetryInfo} detail saying so
	 */
	public static Any retryInfo(long seconds) {
		return Any.pack(RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
			.build());
	}

	private static StatusException invalidArgument(BadRequest badRequest) {
		return status(Code.INVALID_ARGUMENT, "The request is invalid: " + badRequest.getFieldViolationsCount()
				+ " field violation(s) in google.rpc.BadRequest.", Any.pack(badRequest));
	}

	/**
	 * A status with a {@code google.rpc.Status} in its trailers, as gRPC's rich error model expects.
	 * @param code the code
	 * @param message the message for the caller
	 * @param detail a detail message, or {@code null}
	 * @return the exception to close the call with
	 */
	public static StatusException status(Code code, String message, @Nullable Any detail) {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(code.getNumber())
			.setMessage(message);
		if (detail != null) {
			status.addDetails(detail);
		}
		return StatusProto.toStatusException(status.build());
	}

}
