package dev.bulwark.core.shutdown;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.core.testapp.CoreTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real server shut down while a slow request is in flight: readiness refuses traffic first, the server keeps
 * serving through the drain delay, the slow request completes, and new connections are refused.
 */
class GracefulShutdownHttpTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void releaseAndClose() {
		CoreTestApplication.release.countDown();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void completesInFlightRequestAndRefusesNewOnes() throws Exception {
		CoreTestApplication.entered = new CountDownLatch(1);
		CoreTestApplication.release = new CountDownLatch(1);
		this.context = new SpringApplicationBuilder(CoreTestApplication.class)
			.properties("server.port=0", "bulwark.shutdown.drain-delay=5s")
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpClient inFlightClient = HttpClient.newHttpClient();
		assertThat(status(port, "/ready")).isEqualTo(200);

		CompletableFuture<HttpResponse<String>> slow = inFlightClient.sendAsync(request(port, "/test/slow"),
				BodyHandlers.ofString());
		assertThat(CoreTestApplication.entered.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(this.context::close);

		// during the drain delay: not ready, but still serving
		await().atMost(Duration.ofSeconds(3)).until(() -> status(port, "/ready") == 503);
		assertThat(status(port, "/health")).isEqualTo(200);

		// after the drain delay: the listener is closed while the slow request is still running
		await().atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(port));
		assertThat(slow).isNotDone();

		CoreTestApplication.release.countDown();
		HttpResponse<String> slowResponse = slow.get(10, TimeUnit.SECONDS);
		assertThat(slowResponse.statusCode()).isEqualTo(200);
		assertThat(slowResponse.body()).isEqualTo("done");
		shutdown.get(10, TimeUnit.SECONDS);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int status(int port, String path) throws Exception {
		// a new client each time: a fresh connection, as a load balancer's probe would make
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request(port, path), BodyHandlers.discarding()).statusCode();
		}
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
	}

}
