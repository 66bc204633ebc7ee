package dev.bulwark.grpc.deadline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jspecify.annotations.Nullable;

import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.Deadlines;

import org.springframework.core.Ordered;

/**
 * Makes the call's deadline the deadline of the work done for it: while the call's code runs, Bulwark's
 * {@link Deadlines} hold the client's deadline (or, for a unary call whose client set none, the default one: a stream
 * may rightly live longer), so that outbound HTTP
 * calls through Bulwark's named clients are capped by it. Outbound gRPC calls are capped by gRPC itself, which carries
 * the client's deadline in its {@link Context}.
 */
public class DeadlineServerInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Runs before authentication, so that the whole call is covered.
	 */
	public static final int ORDER = -50;

	private final @Nullable Duration defaultDeadline;

	/**
	 * @param defaultDeadline the deadline of a call whose client set none, or {@code null} for none
	 */
	public DeadlineServerInterceptor(@Nullable Duration defaultDeadline) {
		this.defaultDeadline = defaultDeadline;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		io.grpc.Deadline incoming = Context.current().getDeadline();
		Deadline deadline;
		if (incoming != null) {
			deadline = Deadline.after(Duration.ofNanos(incoming.timeRemaining(TimeUnit.NANOSECONDS)));
		}
		else if (this.defaultDeadline != null && call.getMethodDescriptor().getType() == MethodDescriptor.MethodType.UNARY) {
			deadline = Deadline.after(this.defaultDeadline);
		}
		else {
			return next.startCall(call, headers);
		}
		try (Deadlines.Scope scope = Deadlines.open(deadline)) {
			return new DeadlineListener<>(next.startCall(call, headers), deadline);
		}
	}

	private static final class DeadlineListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final Deadline deadline;

		DeadlineListener(ServerCall.Listener<ReqT> delegate, Deadline deadline) {
			super(delegate);
			this.deadline = deadline;
		}

		@Override
		public void onMessage(ReqT message) {
			try (Deadlines.Scope scope = Deadlines.open(this.deadline)) {
				super.onMessage(message);
			}
		}

		@Override
		public void onHalfClose() {
			try (Deadlines.Scope scope = Deadlines.open(this.deadline)) {
				super.onHalfClose();
			}
		}

		@Override
		public void onReady() {
			try (Deadlines.Scope scope = Deadlines.open(this.deadline)) {
				super.onReady();
			}
		}

	}

}
