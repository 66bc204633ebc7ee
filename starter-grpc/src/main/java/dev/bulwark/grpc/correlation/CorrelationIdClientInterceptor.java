package dev.bulwark.grpc.correlation;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.slf4j.MDC;

import dev.bulwark.core.correlation.CorrelationIdProperties;

/**
 * Adds the current correlation id (of the gRPC call or HTTP request being served) to outbound gRPC calls that do not
 * carry one.
 */
public class CorrelationIdClientInterceptor implements ClientInterceptor {

	private final Metadata.Key<String> key;

	private final String mdcKey;

	public CorrelationIdClientInterceptor(CorrelationIdProperties properties) {
		this.key = Metadata.Key.of(properties.getHeaderName(), Metadata.ASCII_STRING_MARSHALLER);
		this.mdcKey = properties.getMdcKey();
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata headers) {
				String id = CorrelationIdServerInterceptor.CORRELATION_ID.get();
				if (id == null) {
					id = MDC.get(CorrelationIdClientInterceptor.this.mdcKey);
				}
				if (id != null && !headers.containsKey(CorrelationIdClientInterceptor.this.key)) {
					headers.put(CorrelationIdClientInterceptor.this.key, id);
				}
				super.start(responseListener, headers);
			}

		};
	}

}
