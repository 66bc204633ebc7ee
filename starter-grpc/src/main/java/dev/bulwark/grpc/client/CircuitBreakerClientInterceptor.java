package dev.bulwark.grpc.client;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * A resilience4j circuit breaker over a channel's calls. It sees each call's final outcome, after the channel's
 * retries: {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code INTERNAL}, {@code UNKNOWN},
 * {@code RESOURCE_EXHAUSTED} and {@code DATA_LOSS} count as failures, a cancelled call does not count, anything else
 * (the caller's own mistakes included) is a success. While the circuit is open a call fails at once with
 * {@code UNAVAILABLE}, without touching the network.
 */
public class CircuitBreakerClientInterceptor implements ClientInterceptor {

	private final CircuitBreaker circuitBreaker;

	public CircuitBreakerClientInterceptor(CircuitBreaker circuitBreaker) {
		this.circuitBreaker = circuitBreaker;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		CircuitBreaker breaker = this.circuitBreaker;
		if (!breaker.tryAcquirePermission()) {
			return new RefusedCall<>(Status.UNAVAILABLE
				.withDescription("Circuit breaker '" + breaker.getName() + "' is open; the call was not sent."));
		}
		long start = breaker.getCurrentTimestamp();
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> listener, Metadata headers) {
				super.start(new SimpleForwardingClientCallListener<>(listener) {

					@Override
					public void onClose(Status status, Metadata trailers) {
						record(breaker, status, breaker.getCurrentTimestamp() - start);
						super.onClose(status, trailers);
					}

				}, headers);
			}

		};
	}

	private static void record(CircuitBreaker breaker, Status status, long duration) {
		TimeUnit unit = breaker.getTimestampUnit();
		switch (status.getCode()) {
			case UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, RESOURCE_EXHAUSTED, DATA_LOSS ->
				breaker.onError(duration, unit, status.asRuntimeException());
			case CANCELLED -> breaker.releasePermission();
			default -> breaker.onSuccess(duration, unit);
		}
	}

	/**
	 * A call refused before it was sent: it closes with the status as soon as it is started.
	 */
	private static final class RefusedCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

		private final Status status;

		RefusedCall(Status status) {
			this.status = status;
		}

		@Override
		public void start(Listener<RespT> listener, Metadata headers) {
			listener.onClose(this.status, new Metadata());
		}

		@Override
		public void request(int numMessages) {
		}

		@Override
		public void cancel(@Nullable String message, @Nullable Throwable cause) {
		}

		@Override
		public void halfClose() {
		}

		@Override
		public void sendMessage(ReqT message) {
		}

	}

}
