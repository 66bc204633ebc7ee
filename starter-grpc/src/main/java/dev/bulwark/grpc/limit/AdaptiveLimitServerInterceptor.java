package dev.bulwark.grpc.limit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.google.rpc.Code;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;

import dev.bulwark.grpc.server.GrpcServerProperties;
import dev.bulwark.grpc.status.GrpcStatusExceptionHandler;

import org.springframework.core.Ordered;

/**
 * Sheds calls beyond an adaptive concurrency limit (Netflix's Gradient2, as on the HTTP side) before any other work is
 * done for them: the call ends at once with {@code UNAVAILABLE} and a {@code google.rpc.RetryInfo}. Only unary calls
 * are limited: a stream's lifetime says nothing about the server's capacity and would drag the limit down. Health
 * calls are never shed. A call's latency feeds the limit only when it succeeded or failed through the caller's fault, so that
 * fast failures do not raise the limit.
 */
public class AdaptiveLimitServerInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Runs before authentication (-10), so that a shed call costs no token validation.
	 */
	public static final int ORDER = -100;

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private final SimpleLimiter<Void> limiter;

	private final LongAdder rejected = new LongAdder();

	private final StatusException refusal = GrpcStatusExceptionHandler.status(Code.UNAVAILABLE,
			"The service is at capacity; retry shortly.",
			GrpcStatusExceptionHandler.retryInfo(1));

	public AdaptiveLimitServerInterceptor(GrpcServerProperties.AdaptiveLimit properties) {
		this.limiter = SimpleLimiter.newBuilder()
			.named("grpc-server")
			.limit(Gradient2Limit.newBuilder()
				.initialLimit(properties.getInitialLimit())
				.minLimit(properties.getMinLimit())
				.maxConcurrency(properties.getMaxLimit())
				.build())
			.build();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * @return the current concurrency limit
	 */
	public int getLimit() {
		return this.limiter.getLimit();
	}

	/**
	 * @return the calls holding a slot now
	 */
	public int getInflight() {
		return this.limiter.getInflight();
	}

	/**
	 * @return how many calls have been shed
	 */
	public long getRejected() {
		return this.rejected.sum();
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY
				|| HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
			return next.startCall(call, headers);
		}
		Optional<Limiter.Listener> slot = this.limiter.acquire(null);
		if (slot.isEmpty()) {
			this.rejected.increment();
			call.close(this.refusal.getStatus(), copy(this.refusal.getTrailers()));
			return new ServerCall.Listener<>() {
			};
		}
		Slot held = new Slot(slot.get());
		ServerCall<ReqT, RespT> releasing = new SimpleForwardingServerCall<>(call) {

			@Override
			public void close(Status status, Metadata trailers) {
				if (status.isOk() || isCallersFault(status.getCode())) {
					held.success();
				}
				else {
					held.ignore();
				}
				super.close(status, trailers);
			}

		};
		try {
			return new SlotListener<>(next.startCall(releasing, headers), held);
		}
		catch (RuntimeException | Error ex) {
			held.ignore();
			throw ex;
		}
	}

	private static boolean isCallersFault(Status.Code code) {
		return switch (code) {
			case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, FAILED_PRECONDITION,
					OUT_OF_RANGE ->
				true;
			default -> false;
		};
	}

	private static Metadata copy(Metadata trailers) {
		Metadata copy = new Metadata();
		if (trailers != null) {
			copy.merge(trailers);
		}
		return copy;
	}

	/**
	 * Releases the slot when the call is cancelled or its code throws (an exception handler further out then closes
	 * the call, past this interceptor's view).
	 */
	private static final class SlotListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final Slot held;

		SlotListener(ServerCall.Listener<ReqT> delegate, Slot held) {
			super(delegate);
			this.held = held;
		}

		@Override
		public void onMessage(ReqT message) {
			try {
				super.onMessage(message);
			}
			catch (RuntimeException | Error ex) {
				this.held.ignore();
				throw ex;
			}
		}

		@Override
		public void onHalfClose() {
			try {
				super.onHalfClose();
			}
			catch (RuntimeException | Error ex) {
				this.held.ignore();
				throw ex;
			}
		}

		@Override
		public void onCancel() {
			this.held.ignore();
			super.onCancel();
		}

		@Override
		public void onComplete() {
			this.held.success();
			super.onComplete();
		}

	}

	/**
	 * A slot of the limit, released exactly once.
	 */
	private static final class Slot {

		private final Limiter.Listener listener;

		private final AtomicBoolean released = new AtomicBoolean();

		Slot(Limiter.Listener listener) {
			this.listener = listener;
		}

		void success() {
			if (this.released.compareAndSet(false, true)) {
				this.listener.onSuccess();
			}
		}

		void ignore() {
			if (this.released.compareAndSet(false, true)) {
				this.listener.onIgnore();
			}
		}

	}

}
