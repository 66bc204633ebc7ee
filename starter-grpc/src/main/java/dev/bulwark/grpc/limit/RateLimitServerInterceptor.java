package dev.bulwark.grpc.limit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Supplier;

import com.google.rpc.Code;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import dev.bulwark.grpc.server.GrpcServerProperties;
import dev.bulwark.grpc.server.MethodPatterns;
import dev.bulwark.grpc.status.GrpcStatusExceptionHandler;
import dev.bulwark.resilience.ratelimit.RateLimitStore;

import org.springframework.core.Ordered;

/**
 * Token buckets per client and rule, in the same {@link RateLimitStore} as the HTTP rate limit (memory or Redis). A
 * refused call ends with {@code RESOURCE_EXHAUSTED} and a {@code google.rpc.RetryInfo} saying when a token is back.
 * Health checks are never limited: probes come from one address.
 */
public class RateLimitServerInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Runs after authentication (-10), so that buckets can be per subject.
	 */
	public static final int ORDER = 100;

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private final RateLimitStore store;

	private final List<Rule> rules;

	private final Supplier<@Nullable String> subject;

	/**
	 * @param properties the rules
	 * @param store where the buckets are kept
	 * @param subject the authenticated subject of the current call, {@code null} for an anonymous one
	 */
	public RateLimitServerInterceptor(GrpcServerProperties.RateLimit properties, RateLimitStore store,
			Supplier<@Nullable String> subject) {
		this.store = store;
		this.subject = subject;
		this.rules = properties.getRules()
			.stream()
			.map((rule) -> new Rule(rule, MethodPatterns.of(rule.getMethods())))
			.toList();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
			return next.startCall(call, headers);
		}
		String method = call.getMethodDescriptor().getFullMethodName();
		for (Rule rule : this.rules) {
			if (!rule.methods().matches(method)) {
				continue;
			}
			GrpcServerProperties.RateLimitRule limit = rule.properties();
			String key = "grpc:" + limit.getName() + ":" + client(call, limit.getKey());
			RateLimitStore.Decision decision = this.store.tryAcquire(key, limit.getRequestsPerSecond(),
					limit.getBurst());
			if (!decision.allowed()) {
				long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
				StatusException refusal = GrpcStatusExceptionHandler.status(Code.RESOURCE_EXHAUSTED,
						"Rate limit '" + limit.getName() + "' exceeded; retry in " + seconds + "s.",
						GrpcStatusExceptionHandler.retryInfo(seconds));
				call.close(refusal.getStatus(), refusal.getTrailers());
				return new ServerCall.Listener<>() {
				};
			}
		}
		return next.startCall(call, headers);
	}

	private String client(ServerCall<?, ?> call, GrpcServerProperties.ClientKey key) {
		if (key == GrpcServerProperties.ClientKey.SUBJECT) {
			String subject = this.subject.get();
			if (subject != null) {
				return "sub:" + subject;
			}
		}
		SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
			return "ip:" + inet.getAddress().getHostAddress();
		}
		return "peer:" + peer;
	}

	private record Rule(GrpcServerProperties.RateLimitRule properties, MethodPatterns methods) {
	}

}
