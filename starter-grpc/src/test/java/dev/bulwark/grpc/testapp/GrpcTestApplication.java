package dev.bulwark.grpc.testapp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.slf4j.MDC;

import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.Deadlines;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * A service to guard: grpc-java's test service, whose unary method does what the request message says.
 */
@SpringBootApplication
public class GrpcTestApplication {

	/**
	 * What the request message asks of the unary method.
	 */
	@Service
	public static class ScriptedSimpleService extends SimpleServiceGrpc.SimpleServiceImplBase {

		/**
		 * Released by tests to let "slow" calls finish.
		 */
		public volatile CountDownLatch slowCalls = new CountDownLatch(0);

		/**
		 * Attempts seen per "flaky-" or "fail-" message.
		 */
		public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		private final Validator validator;

		public ScriptedSimpleService(Validator validator) {
			this.validator = validator;
		}

		@Override
		public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> responses) {
			String message = request.getRequestMessage();
			int attempt = this.attempts.computeIfAbsent(message, (key) -> new AtomicInteger()).incrementAndGet();
			switch (message.contains("-") ? message.substring(0, message.indexOf('-')) : message) {
				case "invalid" -> {
					var violations = this.validator.validate(new Order("", -1));
					throw new jakarta.validation.ConstraintViolationException(Set.copyOf(violations));
				}
				case "missing" -> throw new ErrorResponseException(HttpStatus.NOT_FOUND,
						ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Order 42 does not exist."), null);
				case "boom" -> throw new IllegalStateException("secret detail: password=hunter2");
				case "open" -> throw CallNotPermittedException
					.createCallNotPermittedException(CircuitBreaker.ofDefaults("inventory"));
				case "exists" -> throw Status.ALREADY_EXISTS.withDescription("Order 7 exists already.")
					.asRuntimeException();
				case "flaky" -> {
					if (attempt <= 2) {
						throw Status.UNAVAILABLE.withDescription("not yet").asRuntimeException();
					}
				}
				case "fail" -> throw Status.UNAVAILABLE.withDescription("down").asRuntimeException();
				case "custom" -> throw new UnsupportedOperationException("handled by the application's own handler");
				case "slow" -> await();
				default -> {
				}
			}
			Deadline deadline = Deadlines.current();
			String reply = "correlation=" + MDC.get("correlationId") + " deadline-ms="
					+ ((deadline != null) ? deadline.remaining().toMillis() : -1);
			responses.onNext(SimpleResponse.newBuilder().setResponseMessage(reply).build());
			responses.onCompleted();
		}

		private void await() {
			try {
				if (!this.slowCalls.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("slow call never released");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * The application's own exception handler, which comes before Bulwark's.
	 * @return the handler
	 */
	@Bean
	GrpcExceptionHandler unsupportedOperations() {
		return (exception) -> (exception instanceof UnsupportedOperationException)
				? Status.FAILED_PRECONDITION.withDescription("Not supported here.").asException() : null;
	}

	/**
	 * A request body with constraints, to produce field violations.
	 *
	 * @param customerId must not be blank
	 * @param quantity must be positive
	 */
	public record Order(@NotBlank String customerId, @Positive int quantity) {
	}

}
