package dev.bulwark.grpc.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;

import dev.bulwark.resilience.deadline.Deadlines;

/**
 * Gives each call the client's deadline unless it set its own, capped by the deadline of the request being served
 * (Bulwark's {@link Deadlines}, set by the HTTP deadline filter and the gRPC deadline interceptor). gRPC caps it
 * further by the deadline in its own {@code Context}.
 */
public class DeadlineClientInterceptor implements ClientInterceptor {

	private final Duration deadline;

	public DeadlineClientInterceptor(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		Deadline effective = (callOptions.getDeadline() != null) ? callOptions.getDeadline()
				: Deadline.after(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		dev.bulwark.resilience.deadline.Deadline current = Deadlines.current();
		if (current != null) {
			effective = effective.minimum(Deadline.after(current.remaining().toNanos(), TimeUnit.NANOSECONDS));
		}
		return next.newCall(method, callOptions.withDeadline(effective));
	}

}
