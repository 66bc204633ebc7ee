package dev.bulwark.grpc;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import org.junit.jupiter.api.Test;

import dev.bulwark.grpc.limit.AdaptiveLimitServerInterceptor;
import dev.bulwark.grpc.testapp.GrpcTestApplication;
import dev.bulwark.grpc.testapp.GrpcTestApplication.ScriptedSimpleService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A service that stops while a call is in flight lets the call finish and refuses new ones (its own context, which the
 * test closes).
 */
class GrpcGracefulShutdownTests {

	@Test
	void shutdownDrainsInFlightCallsAndRefusesNewOnes() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GrpcTestApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.grpc.server.port=0", "--spring.grpc.server.host=127.0.0.1", "--bulwark.security.enabled=false",
					"--bulwark.shutdown.drain-delay=0s", "--spring.grpc.server.shutdown-grace-period=20s");
		ManagedChannel channel = null;
		try {
			int port = context.getBean(org.springframework.grpc.server.lifecycle.GrpcServerLifecycle.class).getPort();
			channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			ScriptedSimpleService service = context.getBean(ScriptedSimpleService.class);
			AdaptiveLimitServerInterceptor limiter = context.getBean(AdaptiveLimitServerInterceptor.class);
			service.slowCalls = new CountDownLatch(1);
			ListenableFuture<SimpleResponse> inFlight = SimpleServiceGrpc.newFutureStub(channel)
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
