package dev.bulwark.test.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each fault of {@link TcpFaultProxy} as a client sees it, in front of a real echo server on loopback.
 */
class TcpFaultProxyTests {

	private ServerSocket echo;

	private TcpFaultProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!this.echo.isClosed()) {
				try {
					Socket socket = this.echo.accept();
					Thread.ofVirtual().start(() -> {
						try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
							in.transferTo(out);
						}
						catch (IOException ex) {
							// the client went away
						}
					});
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		this.proxy = TcpFaultProxy.to(this.echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWaysAndCountsWhatClientsSent() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "ping")).isEqualTo("ping");
		}
		assertThat(this.proxy.bytesFromClients()).isEqualTo(4);
		assertThat(this.proxy.bytesToTarget()).isEqualTo(4);
		assertThat(this.proxy.connections()).isEqualTo(1);
	}

	@Test
	void aBlackholeHoldsWhatIsSentAndDeliversItInOrderWhenRestored() throws IOException {
		try (Socket client = connect()) {
			client.setSoTimeout(300);
			this.proxy.blackhole();
			send(client, "one");
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());
			assertThat(this.proxy.bytesFromClients()).as("received, not forwarded").isEqualTo(3);
			assertThat(this.proxy.bytesToTarget()).isZero();
			this.proxy.restore();
			client.setSoTimeout(5000);
			assertThat(read(client, 3)).isEqualTo("one");
			assertThat(roundTrip(client, "two")).isEqualTo("two");
		}
	}

	@Test
	void aCutRefusesNewConnectionsUntilRestoredOnTheSamePort() throws IOException {
		try (Socket before = connect()) {
			assertThat(roundTrip(before, "x")).isEqualTo("x");
			this.proxy.cut();
			assertThat(before.getInputStream().read()).as("closed").isEqualTo(-1);
		}
		try (Socket refused = connect()) {
			// only when the kernel gave the client the freed port itself, and connected the socket to itself
			assertThat(refused.getLocalPort()).as("a connection after the cut").isEqualTo(this.proxy.port());
		}
		catch (ConnectException expected) {
			// refused
		}
		this.proxy.restore();
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "back")).isEqualTo("back");
		}
	}

	@Test
	void aResetEndsOpenConnectionsAndNewOnesAreForwarded() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "a")).isEqualTo("a");
			this.proxy.reset();
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				client.setSoTimeout(5000);
				if (client.getInputStream().read() == -1) {
					throw new IOException("closed");
				}
			});
		}
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "b")).isEqualTo("b");
		}
	}

	@Test
	void aDelayStillDeliversEverything() throws IOException {
		this.proxy.delay(Duration.ofMillis(50));
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "slow")).isEqualTo("slow");
		}
	}

	private Socket connect() throws IOException {
		return new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
	}

	private static String roundTrip(Socket client, String text) throws IOException {
		client.setSoTimeout(5000);
		send(client, text);
		return read(client, text.length());
	}

	private static void send(Socket client, String text) throws IOException {
		client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		client.getOutputStream().flush();
	}

	private static String read(Socket client, int length) throws IOException {
		return new String(client.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
	}

}
