package dev.bulwark.grpc.correlation;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.core.correlation.CorrelationIds;

/**
 * The gRPC twin of the HTTP correlation filter: takes the correlation id from the call's metadata (the same name as
 * the HTTP header, lower-cased) or makes one, puts it in the logging MDC while the call's code runs (on whichever
 * thread gRPC runs it), in the gRPC {@link Context} for outbound calls, and in the response's headers (or trailers,
 * when the call ends before any header was sent).
 */
public class CorrelationIdServerInterceptor implements ServerInterceptor {

	/**
	 * The current call's correlation id, read by {@link CorrelationIdClientInterceptor}.
	 */
	public static final Context.Key<String> CORRELATION_ID = Context.key("bulwark-correlation-id");

	private final Metadata.Key<String> key;

	private final String mdcKey;

	private final CorrelationIds ids;

	private final boolean rejectInvalid;

	public CorrelationIdServerInterceptor(CorrelationIdProperties properties) {
		this.key = Metadata.Key.of(properties.getHeaderName(), Metadata.ASCII_STRING_MARSHALLER);
		this.mdcKey = properties.getMdcKey();
		this.ids = new CorrelationIds(properties.getMaxLength());
		this.rejectInvalid = properties.getOnInvalid() == CorrelationIdProperties.InvalidAction.REJECT;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String incoming = headers.get(this.key);
		String id;
		if (incoming != null && this.ids.isValid(incoming)) {
			id = incoming;
		}
		else if (incoming != null && this.rejectInvalid) {
			call.close(Status.INVALID_ARGUMENT.withDescription("The " + this.key.name()
					+ " metadata is malformed: use at most the allowed length of letters, digits and - _ . : / + ="),
					new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		else {
			id = this.ids.generate();
		}
		ServerCall<ReqT, RespT> echoing = new EchoingCall<>(call, this.key, id);
		Context context = Context.current().withValue(CORRELATION_ID, id);
		String previous = MDC.get(this.mdcKey);
		MDC.put(this.mdcKey, id);
		try {
			return new MdcListener<>(Contexts.interceptCall(context, echoing, headers, next), this.mdcKey, id);
		}
		finally {
			restore(this.mdcKey, previous);
		}
	}

	private static void restore(String mdcKey, @Nullable String previous) {
		if (previous != null) {
			MDC.put(mdcKey, previous);
		}
		else {
			MDC.remove(mdcKey);
		}
	}

	private static final class EchoingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final Metadata.Key<String> key;

		private final String id;

		private volatile boolean headersSent;

		EchoingCall(ServerCall<ReqT, RespT> delegate, Metadata.Key<String> key, String id) {
			super(delegate);
			this.key = key;
			this.id = id;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			headers.put(this.key, this.id);
			this.headersSent = true;
			super.sendHeaders(headers);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (!this.headersSent && !trailers.containsKey(this.key)) {
				trailers.put(this.key, this.id);
			}
			super.close(status, trailers);
		}

	}

	private static final class MdcListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final String mdcKey;

		private final String id;

		MdcListener(ServerCall.Listener<ReqT> delegate, String mdcKey, String id) {
			super(delegate);
			this.mdcKey = mdcKey;
			this.id = id;
		}

		@Override
		public void onMessage(ReqT message) {
			String previous = enter();
			try {
				super.onMessage(message);
			}
			finally {
				restore(this.mdcKey, previous);
			}
		}

		@Override
		public void onHalfClose() {
			String previous = enter();
			try {
				super.onHalfClose();
			}
			finally {
				restore(this.mdcKey, previous);
			}
		}

		@Override
		public void onCancel() {
			String previous = enter();
			try {
				super.onCancel();
			}
			finally {
				restore(this.mdcKey, previous);
			}
		}

		@Override
		public void onComplete() {
			String previous = enter();
			try {
				super.onComplete();
			}
			finally {
				restore(this.mdcKey, previous);
			}
		}

		@Override
		public void onReady() {
			String previous = enter();
			try {
				super.onReady();
			}
			finally {
				restore(this.mdcKey, previous);
			}
		}

		private @Nullable String enter() {
			String previous = MDC.get(this.mdcKey);
			MDC.put(this.mdcKey, this.id);
			return previous;
		}

	}

}
