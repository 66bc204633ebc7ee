package dev.bulwark.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.grpc.limit.AdaptiveLimitServerInterceptor;
import dev.bulwark.grpc.testapp.GrpcTestApplication;
import dev.bulwark.grpc.testapp.GrpcTestApplication.ScriptedSimpleService;
import dev.bulwark.test.jwt.TestTokenIssuer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A gRPC-only service (no web server), in contexts of its own that the tests close: calls need a token there too, a
 * missing issuer stops the start, and a service that stops while a call is in flight lets the call finish and refuses
 * new ones.
 */
class GrpcGracefulShutdownTests {

	static final TestTokenIssuer issuer = TestTokenIssuer.startUnchecked();

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void aGrpcOnlyServiceWithoutAnIssuerDoesNotStart() {
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> new SpringApplicationBuilder(GrpcTestApplication.class).web(WebApplicationType.NONE)
				.run("--spring.grpc.server.port=0", "--spring.grpc.server.host=127.0.0.1"))
			.havingRootCause()
			.withMessageContaining("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
	}

	@Test
	void shutdownDrainsInFlightCallsAndRefusesNewOnes() throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--spring.grpc.server.port=0",
				"--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.shutdown-grace-period=20s",
				"--bulwark.grpc.server.security.rules[0].methods=grpc.testing.SimpleService/UnaryRpc"));
		TestTokenIssuer.properties(issuer).forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GrpcTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
		ManagedChannel channel = null;
		try {
			int port = context.getBean(org.springframework.grpc.server.lifecycle.GrpcServerLifecycle.class).getPort();
			channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			ScriptedSimpleService service = context.getBean(ScriptedSimpleService.class);
			AdaptiveLimitServerInterceptor limiter = context.getBean(AdaptiveLimitServerInterceptor.class);
			service.slowCalls = new CountDownLatch(1);
			Metadata bearer = new Metadata();
			// an ES256 token: Bulwark's decoder accepts RS256 and ES256, the one Spring gRPC would make RS256 only
			bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
					"Bearer " + issuer.es256((claims) -> claims.claim("scope", "simple:read")));
			// no web server, so no HTTP side's decoder: the token is checked by the one the gRPC starter made
			ManagedChannel anonymous = channel;
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> SimpleServiceGrpc.newBlockingStub(anonymous)
					.unaryRpc(SimpleRequest.newBuilder().setRequestMessage("ok").build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			ListenableFuture<SimpleResponse> inFlight = SimpleServiceGrpc.newFutureStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
				.unaryRpc(SimpleRequest.newBuilder().setRequestMessage("slow").build());
			await().until(() -> limiter.getInflight() == 1);

			Thread closing = new Thread(context::close, "closing");
			closing.start();
			ManagedChannel client = channel;
			await().untilAsserted(() -> assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> SimpleServiceGrpc.newBlockingStub(client)
					.unaryRpc(SimpleRequest.newBuilder().setRequestMessage("ok").build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
			assertThat(inFlight).isNotDone();

			service.slowCalls.countDown();
			assertThat(inFlight.get(10, TimeUnit.SECONDS).getResponseMessage()).startsWith("correlation=");
			closing.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(closing.isAlive()).isFalse();
		}
		finally {
			if (channel != null) {
				channel.shutdownNow();
			}
			context.close();
		}
	}

}
