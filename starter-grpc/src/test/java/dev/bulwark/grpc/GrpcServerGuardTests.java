package dev.bulwark.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import com.nimbusds.jwt.JWTClaimsSet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

import dev.bulwark.grpc.client.ResilientGrpcChannels;
import dev.bulwark.grpc.limit.AdaptiveLimitServerInterceptor;
import dev.bulwark.grpc.testapp.GrpcTestApplication;
import dev.bulwark.grpc.testapp.GrpcTestApplication.ScriptedSimpleService;
import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.Deadlines;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every guard of the gRPC server, over a real Netty server on loopback and over the in-process transport, in one
 * Spring context shared by all cases.
 */
@SpringBootTest(classes = GrpcTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.host=127.0.0.1", "spring.grpc.server.inprocess.name=guard-tests",
				"bulwark.grpc.server.security.rules[0].methods=grpc.testing.SimpleService/UnaryRpc",
				"bulwark.grpc.server.security.rules[0].scopes=simple:read",
				"bulwark.grpc.server.security.rules[1].methods=grpc.testing.SimpleService/ServerStreamingRpc",
				"bulwark.grpc.server.security.rules[1].roles=ADMIN",
				"bulwark.grpc.server.security.public-methods=grpc.testing.SimpleService/ClientStreamingRpc",
				"bulwark.grpc.server.rate-limit.rules[0].name=unary",
				"bulwark.grpc.server.rate-limit.rules[0].methods=grpc.testing.SimpleService/UnaryRpc",
				"bulwark.grpc.server.rate-limit.rules[0].requests-per-second=0.01",
				"bulwark.grpc.server.rate-limit.rules[0].burst=10",
				"bulwark.grpc.server.adaptive-limit.initial-limit=4", "bulwark.grpc.server.adaptive-limit.min-limit=4",
				"bulwark.grpc.server.adaptive-limit.max-limit=4", "bulwark.grpc.clients.flaky.retry.initial-backoff=10ms",
				"bulwark.grpc.clients.breaker.retry.max-attempts=1",
				"bulwark.grpc.clients.breaker.circuit-breaker.sliding-window-size=4",
				"bulwark.grpc.clients.breaker.circuit-breaker.minimum-number-of-calls=4",
				"bulwark.grpc.clients.hasty.deadline=300ms", "bulwark.grpc.clients.hasty.retry.max-attempts=1" })
class GrpcServerGuardTests {

	static final int PORT = freePort();

	static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("X-Request-Id", Metadata.ASCII_STRING_MARSHALLER);

	static final ManagedChannel netty = ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();

	static final ManagedChannel inProcess = InProcessChannelBuilder.forName("guard-tests").build();

	@Autowired
	ScriptedSimpleService service;

	@Autowired
	ApplicationContext context;

	@Autowired
	AdaptiveLimitServerInterceptor adaptiveLimit;

	@Autowired
	ResilientGrpcChannels channels;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestTokenIssuer.properties(issuer).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("spring.grpc.server.port", () -> PORT);
		for (String client : List.of("flaky", "breaker", "hasty")) {
			registry.add("bulwark.grpc.clients." + client + ".address", () -> "static://127.0.0.1:" + PORT);
		}
	}

	@AfterAll
	static void close() {
		netty.shutdownNow();
		inProcess.shutdownNow();
		issuer.close();
	}

	enum Transport {

		NETTY, IN_PROCESS;

		Channel channel() {
			return (this == NETTY) ? netty : inProcess;
		}

	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aCallWithoutATokenIsUnauthenticatedAndCarriesACorrelationId(Transport transport) {
		StatusRuntimeException refusal = failure(() -> unary(transport.channel(), null, "ok"));
		assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refusal.getStatus().getDescription()).contains("bearer token is required");
		assertThat(refusal.getTrailers().get(REQUEST_ID)).matches("[0-9a-f]{32}");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void badTokensAreUnauthenticated(Transport transport) {
		String expired = issuer.rs256((claims) -> claims.claim("scope", "simple:read")
			.expirationTime(new java.util.Date(System.currentTimeMillis() - 3_600_000)));
		String otherIssuer = issuer.rs256((claims) -> claims.claim("scope", "simple:read").issuer("https://evil.test"));
		for (String token : List.of("not-a-jwt", expired, otherIssuer)) {
			StatusRuntimeException refusal = failure(() -> unary(transport.channel(), token, "ok"));
			assertThat(refusal.getStatus().getCode()).as(token).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(refusal.getStatus().getDescription()).isEqualTo("The bearer token is invalid or expired.");
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void methodRulesDecideWhoMayCallWhat(Transport transport) {
		Channel channel = transport.channel();
		assertThat(failure(() -> unary(channel, token((claims) -> claims.claim("scope", "simple:write")), "ok"))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(unary(channel, token((claims) -> claims.claim("scope", "simple:read other")), "ok")
			.getResponseMessage()).startsWith("correlation=");
		// a role rule: without the role denied; with it the call reaches the service (which does not implement it)
		String reader = token((claims) -> claims.claim("scope", "simple:read"));
		String admin = token((claims) -> claims.claim("roles", List.of("ADMIN")));
		assertThat(failure(() -> serverStreaming(channel, reader)).getStatus().getCode())
			.isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(failure(() -> serverStreaming(channel, admin)).getStatus().getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
		// a method no rule names is refused (deny by default, bulwark.security.default-access), before it is reached
		assertThat(failure(() -> bidi(channel, null)).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(failure(() -> bidi(channel, reader)).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(failure(() -> bidi(channel, admin)).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		// a public method needs none
		assertThat(failure(() -> clientStreaming(channel)).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exceptionsBecomeStatusesWithoutInternals(Transport transport) {
		Channel channel = transport.channel();
		StatusRuntimeException invalid = failure(() -> unary(channel, reader(), "invalid"));
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		BadRequest badRequest = detail(invalid, BadRequest.class);
		assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
			.containsExactly("customerId", "quantity");

		StatusRuntimeException missing = failure(() -> unary(channel, reader(), "missing"));
		assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(missing.getStatus().getDescription()).isEqualTo("Order 42 does not exist.");

		StatusRuntimeException boom = failure(() -> unary(channel, reader(), "boom"));
		assertThat(boom.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(boom.getStatus().getDescription()).isEqualTo("Internal error.");
		assertThat(boom.toString() + boom.getTrailers()).doesNotContain("hunter2").doesNotContain("IllegalState");

		StatusRuntimeException open = failure(() -> unary(channel, reader(), "open"));
		assertThat(open.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(detail(open, RetryInfo.class).getRetryDelay().getSeconds()).isPositive();

		StatusRuntimeException custom = failure(() -> unary(channel, reader(), "custom"));
		assertThat(custom.getStatus().getCode()).as("the application's own handler comes first")
			.isEqualTo(Status.Code.FAILED_PRECONDITION);

		StatusRuntimeException exists = failure(() -> unary(channel, reader(), "exists"));
		assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(exists.getStatus().getDescription()).isEqualTo("Order 7 exists already.");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theCorrelationIdIsTakenOrMadeAndEchoed(Transport transport) {
		Metadata headers = new Metadata();
		headers.put(REQUEST_ID, "order-flow-42");
		assertThat(unary(transport.channel(), reader(), "ok", headers).getResponseMessage())
			.startsWith("correlation=order-flow-42 ");
		Metadata malformed = new Metadata();
		malformed.put(REQUEST_ID, "has spaces");
		assertThat(unary(transport.channel(), reader(), "ok", malformed).getResponseMessage())
			.matches("correlation=[0-9a-f]{32} .*");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theCallersDeadlineOrTheDefaultBoundsTheWork(Transport transport) {
		SimpleServiceGrpc.SimpleServiceBlockingStub stub = stub(transport.channel(), reader(), new Metadata());
		long withDeadline = deadlineMillis(stub.withDeadlineAfter(2, TimeUnit.SECONDS).unaryRpc(request("ok")));
		long withoutDeadline = deadlineMillis(stub.unaryRpc(request("ok")));
		assertThat(withDeadline).isPositive().isLessThanOrEqualTo(2_000);
		assertThat(withoutDeadline).isGreaterThan(2_000).isLessThanOrEqualTo(30_000);
	}

	@Test
	void aClientFloodingAMethodMeetsItsRateLimit() {
		String flooder = token((claims) -> claims.subject("flooder").claim("scope", "simple:read"));
		for (int i = 0; i < 10; i++) {
			unary(netty, flooder, "ok");
		}
		StatusRuntimeException refusal = failure(() -> unary(netty, flooder, "ok"));
		assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(refusal.getStatus().getDescription()).contains("Rate limit 'unary' exceeded");
		assertThat(detail(refusal, RetryInfo.class).getRetryDelay().getSeconds()).isGreaterThanOrEqualTo(1);
		// another client is not affected
		assertThat(unary(netty, reader(), "ok").getResponseMessage()).startsWith("correlation=");
	}

	@Test
	void callsBeyondTheAdaptiveLimitAreShedButHealthIsNot() throws Exception {
		this.service.slowCalls = new CountDownLatch(1);
		List<ListenableFuture<SimpleResponse>> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				slow.add(SimpleServiceGrpc.newFutureStub(netty)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(reader())))
					.unaryRpc(request("slow")));
			}
			await().until(() -> this.adaptiveLimit.getInflight() == 4);
			StatusRuntimeException shed = failure(() -> unary(netty, reader(), "ok"));
			assertThat(shed.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(shed.getStatus().getDescription()).isEqualTo("The service is at capacity; retry shortly.");
			assertThat(detail(shed, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
			assertThat(health(netty, "")).isEqualTo(ServingStatus.SERVING);
		}
		finally {
			this.service.slowCalls.countDown();
		}
		for (ListenableFuture<SimpleResponse> call : slow) {
			assertThat(call.get(10, TimeUnit.SECONDS).getResponseMessage()).startsWith("correlation=");
		}
		await().until(() -> this.adaptiveLimit.getInflight() == 0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void healthFollowsReadinessAndLiveness(Transport transport) {
		Channel channel = transport.channel();
		assertThat(health(channel, "")).isEqualTo(ServingStatus.SERVING);
		assertThat(health(channel, "grpc.testing.SimpleService")).isEqualTo(ServingStatus.SERVING);
		try {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
			AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
			assertThat(health(channel, "")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(health(channel, "readiness")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(health(channel, "grpc.testing.SimpleService")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(health(channel, "liveness")).isEqualTo(ServingStatus.NOT_SERVING);
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
			AvailabilityChangeEvent.publish(this.context, LivenessState.CORRECT);
		}
		assertThat(health(channel, "")).isEqualTo(ServingStatus.SERVING);
		assertThat(health(channel, "liveness")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aNamedClientRetriesUnavailableCallsWithBackoff() {
		String message = "flaky-" + UUID.randomUUID();
		SimpleResponse response = stub(this.channels.channel("flaky"), reader(), new Metadata())
			.unaryRpc(request(message));
		assertThat(response.getResponseMessage()).startsWith("correlation=");
		assertThat(this.service.attempts.get(message)).hasValue(3);
	}

	@Test
	void aNamedClientsCircuitOpensAfterFailuresAndStopsSending() {
		Channel channel = this.channels.channel("breaker");
		String token = reader();
		for (int i = 0; i < 4; i++) {
			String message = "fail-" + i + "-" + UUID.randomUUID();
			assertThat(failure(() -> unary(channel, token, message)).getStatus().getCode())
				.isEqualTo(Status.Code.UNAVAILABLE);
		}
		String probe = "ok-" + UUID.randomUUID();
		StatusRuntimeException refused = failure(() -> unary(channel, token, probe));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(refused.getStatus().getDescription()).isEqualTo(
				"Circuit breaker 'grpc-breaker' is open; the call was not sent.");
		assertThat(this.service.attempts).doesNotContainKey(probe);
	}

	@Test
	void aNamedClientsDeadlineEndsASlowCall() {
		this.service.slowCalls = new CountDownLatch(1);
		try {
			assertThat(failure(() -> unary(this.channels.channel("hasty"), reader(), "slow")).getStatus().getCode())
				.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		}
		finally {
			this.service.slowCalls.countDown();
		}
	}

	@Test
	void aNamedClientPassesOnTheCorrelationIdAndIsCappedByTheCurrentDeadline() {
		MDC.put("correlationId", "from-http-7");
		try (Deadlines.Scope scope = Deadlines.open(Deadline.after(java.time.Duration.ofMillis(1500)))) {
			String reply = unary(this.channels.channel("flaky"), reader(), "ok").getResponseMessage();
			assertThat(reply).startsWith("correlation=from-http-7 ");
			assertThat(deadlineMillis(SimpleResponse.newBuilder().setResponseMessage(reply).build())).isPositive()
				.isLessThanOrEqualTo(1_500);
		}
		finally {
			MDC.remove("correlationId");
		}
	}

	@Test
	void anUnknownClientNameIsRefusedNamingTheProperty() {
		assertThat(this.channels.names()).containsExactlyInAnyOrder("flaky", "breaker", "hasty");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.channels.channel("nope"))
			.withMessageContaining("bulwark.grpc.clients.nope.address");
	}

	private static long deadlineMillis(SimpleResponse response) {
		return Long.parseLong(response.getResponseMessage().replaceAll(".*deadline-ms=", ""));
	}

	private static String reader() {
		return token((claims) -> claims.subject("reader-" + UUID.randomUUID()).claim("scope", "simple:read"));
	}

	private static String token(Consumer<JWTClaimsSet.Builder> claims) {
		return issuer.rs256(claims);
	}

	private static SimpleRequest request(String message) {
		return SimpleRequest.newBuilder().setRequestMessage(message).build();
	}

	private static SimpleResponse unary(Channel channel, String token, String message) {
		return unary(channel, token, message, new Metadata());
	}

	private static SimpleResponse unary(Channel channel, String token, String message, Metadata headers) {
		return stub(channel, token, headers).unaryRpc(request(message));
	}

	private static SimpleServiceGrpc.SimpleServiceBlockingStub stub(Channel channel, String token, Metadata headers) {
		if (token != null) {
			headers.merge(bearer(token));
		}
		return SimpleServiceGrpc.newBlockingStub(channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static Metadata bearer(String token) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
		return headers;
	}

	private static Object serverStreaming(Channel channel, String token) {
		return stub(channel, token, new Metadata()).serverStreamingRpc(request("ok")).next();
	}

	private static Object bidi(Channel channel, String token) {
		Metadata headers = (token != null) ? bearer(token) : new Metadata();
		Channel intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
		return ClientCalls.blockingUnaryCall(intercepted.newCall(
				SimpleServiceGrpc.getBidiStreamingRpcMethod().toBuilder()
					.setType(io.grpc.MethodDescriptor.MethodType.UNARY)
					.build(),
				CallOptions.DEFAULT), request("ok"));
	}

	private static Object clientStreaming(Channel channel) {
		return ClientCalls.blockingUnaryCall(channel.newCall(SimpleServiceGrpc.getClientStreamingRpcMethod().toBuilder()
			.setType(io.grpc.MethodDescriptor.MethodType.UNARY)
			.build(), CallOptions.DEFAULT), request("ok"));
	}

	private static ServingStatus health(Channel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException exception, Class<T> type) {
		com.google.rpc.Status status = StatusProto.fromThrowable(exception);
		assertThat(status).as("google.rpc.Status in the trailers").isNotNull();
		return status.getDetailsList().stream().filter((any) -> any.is(type)).map((any) -> {
			try {
				return any.unpack(type);
			}
			catch (com.google.protobuf.InvalidProtocolBufferException ex) {
				throw new IllegalStateException(ex);
			}
		}).findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
	}

	private static StatusRuntimeException failure(Runnable call) {
		try {
			call.run();
		}
		catch (StatusRuntimeException ex) {
			return ex;
		}
		throw new AssertionError("the call succeeded");
	}

	private static StatusRuntimeException failure(java.util.function.Supplier<?> call) {
		return failure(() -> {
			call.get();
		});
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
