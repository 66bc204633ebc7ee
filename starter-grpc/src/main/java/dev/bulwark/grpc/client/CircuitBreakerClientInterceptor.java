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
		return new GuardedCall<>(next.newCall(method, callOptions), this.circuitBreaker);
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
	 * Takes the breaker's permission when the call starts (a call never started takes none) and records its outcome
	 * when it closes; a refused call closes at once and ignores what follows.
	 */
	private static final class GuardedCall<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {

		private final CircuitBreaker breaker;

		private volatile boolean refused;

		GuardedCall(ClientCall<ReqT, RespT> delegate, CircuitBreaker breaker) {
			super(delegate);
			this.breaker = breaker;
		}

		@Override
		public void start(Listener<RespT> listener, Metadata headers) {
			if (!this.breaker.tryAcquirePermission()) {
				this.refused = true;
				listener.onClose(Status.UNAVAILABLE.withDescription(
						"Circuit breaker '" + this.breaker.getName() + "' is open; the call was not sent."),
						new Metadata());
				return;
			}
			long start = this.breaker.getCurrentTimestamp();
			try {
				super.start(new SimpleForwardingClientCallListener<>(listener) {

					@Override
					public void onClose(Status status, Metadata trailers) {
						record(GuardedCall.this.breaker, status, GuardedCall.this.breaker.getCurrentTimestamp() - start);
						super.onClose(status, trailers);
					}

				}, headers);
			}
			catch (RuntimeException | Error ex) {
				this.breaker.releasePermission();
				throw ex;
			}
		}

		@Override
		public void request(int numMessages) {
			if (!this.refused) {
				super.request(numMessages);
			}
		}

		@Override
		public void sendMessage(ReqT message) {
			if (!this.refused) {
				super.sendMessage(message);
			}
		}

		@Override
		public void halfClose() {
			if (!this.refused) {
				super.halfClose();
			}
		}

		@Override
		public void cancel(@Nullable String message, @Nullable Throwable cause) {
			if (!this.refused) {
				super.cancel(message, cause);
			}
		}

		@Override
		public boolean isReady() {
			return !this.refused && super.isReady();
		}

	}

}
