package dev.bulwark.test.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of a real server (a database, Redis, a broker), for faults the server
 * itself would never show, without stopping it: refuse ({@link #cut}), reset every connection ({@link #reset}),
 * hang — accept and never answer, the half-open connection of a partition ({@link #blackhole}) — delay every chunk
 * ({@link #delay}), and recover on the same port ({@link #restore}).
 */
public final class TcpFaultProxy implements AutoCloseable {

	private enum Mode {

		FORWARD, BLACKHOLE

	}

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicLong bytesToTarget = new AtomicLong();

	private final AtomicLong bytesFromClients = new AtomicLong();

	private final AtomicLong connections = new AtomicLong();

	private volatile int targetPort;

	private volatile Mode mode = Mode.FORWARD;

	private volatile Duration delay = Duration.ZERO;

	private volatile ServerSocket listener;

	private volatile Thread acceptor;

	private TcpFaultProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	/**
	 * @param targetPort the real server's port on the loopback address
	 * @return a proxy that forwards to it
	 * @throws IOException if no port can be bound
	 */
	public static TcpFaultProxy to(int targetPort) throws IOException {
		return new TcpFaultProxy(targetPort);
	}

	/**
	 * @return the port clients connect to
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return bytes forwarded from clients to the server so far: what reached it
	 */
	public long bytesToTarget() {
		return this.bytesToTarget.get();
	}

	/**
	 * @return bytes clients sent so far, forwarded or swallowed: how often they tried
	 */
	public long bytesFromClients() {
		return this.bytesFromClients.get();
	}

	/**
	 * @return connections clients opened so far
	 */
	public long connections() {
		return this.connections.get();
	}

	/**
	 * Closes every connection and refuses new ones: a server that is down.
	 * @throws IOException if the listener cannot be closed
	 */
	public synchronized void cut() throws IOException {
		this.listener.close();
		// the port is closed only once the thread blocked in accept has let go of it
		try {
			this.acceptor.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeAll(false);
		// connections held by a blackhole are gone: nothing is left to deliver
		this.mode = Mode.FORWARD;
		notifyAll();
	}

	/**
	 * Resets every open connection (TCP RST); new connections are forwarded as before.
	 */
	public synchronized void reset() {
		closeAll(true);
	}

	/**
	 * Stops forwarding, in both directions, on open connections and new ones, which are accepted and never answered:
	 * a server that hangs, or a network partition under an established connection. What is sent meanwhile is held
	 * and delivered, in order, once the proxy is {@link #restore restored}, as TCP delivers after a short partition.
	 */
	public synchronized void blackhole() {
		this.mode = Mode.BLACKHOLE;
	}

	/**
	 * Forwards every chunk, in both directions, after this delay: a slow link or server.
	 * @param delay the delay; zero for none
	 */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Forwards normally again, without delay, accepting connections on the same port if they were refused, and
	 * delivering what was held while blackholed.
	 * @throws IOException if the port cannot be bound again
	 */
	public synchronized void restore() throws IOException {
		this.mode = Mode.FORWARD;
		notifyAll();
		this.delay = Duration.ZERO;
		if (this.listener.isClosed()) {
			ServerSocket listener = new ServerSocket();
			listener.setReuseAddress(true);
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.listener = listener;
			accept(listener);
		}
	}

	/**
	 * Forwards normally again, to another server.
	 * @param targetPort the server's port
	 * @throws IOException if the port cannot be bound again
	 */
	public synchronized void restore(int targetPort) throws IOException {
		this.targetPort = targetPort;
		restore();
	}

	private void accept(ServerSocket listener) {
		this.acceptor = Thread.ofVirtual().start(() -> {
			while (!listener.isClosed()) {
				try {
					Socket client = listener.accept();
					this.connections.incrementAndGet();
					this.sockets.add(client);
					if (listener.isClosed()) {
						// accepted as the proxy was cut: refused like the others
						close(client, false);
						return;
					}
					Socket server = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
					this.sockets.add(server);
					Thread.ofVirtual().start(() -> pipe(client, server, true));
					Thread.ofVirtual().start(() -> pipe(server, client, false));
				}
				catch (IOException ex) {
					if (listener.isClosed()) {
						return;
					}
				}
			}
		});
	}

	private void pipe(Socket from, Socket to, boolean toTarget) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (toTarget) {
					this.bytesFromClients.addAndGet(read);
				}
				// held while blackholed, as TCP holds what it cannot deliver, and delivered in order afterwards
				awaitForwarding();
				Duration delay = this.delay;
				if (!delay.isZero()) {
					Thread.sleep(delay);
				}
				out.write(buffer, 0, read);
				out.flush();
				if (toTarget) {
					this.bytesToTarget.addAndGet(read);
				}
			}
		}
		catch (IOException ex) {
			// one side closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			close(from, false);
			close(to, false);
		}
	}

	private synchronized void awaitForwarding() throws InterruptedException {
		while (this.mode == Mode.BLACKHOLE) {
			wait();
		}
	}

	private void closeAll(boolean reset) {
		for (Socket socket : this.sockets) {
			close(socket, reset);
		}
		this.sockets.clear();
	}

	private static void close(Socket socket, boolean reset) {
		try {
			if (reset && !socket.isClosed()) {
				// SO_LINGER 0: close sends RST, not FIN
				socket.setSoLinger(true, 0);
			}
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
