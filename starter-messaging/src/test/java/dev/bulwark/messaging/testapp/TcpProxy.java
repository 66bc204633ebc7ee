package dev.bulwark.messaging.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port in front of a real server, which a test can cut (every connection closed, new ones
 * refused) and restore on the same port: an outage without stopping the shared server.
 */
public final class TcpProxy implements AutoCloseable {

	private volatile int targetPort;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	public TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	public int port() {
		return this.port;
	}

	/**
	 * Closes every connection and refuses new ones.
	 * @throws IOException if the listener cannot be closed
	 */
	public synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/**
	 * Accepts connections again, on the same port.
	 * @throws IOException if the port cannot be bound
	 */
	public synchronized void restore() throws IOException {
		ServerSocket listener = new ServerSocket();
		listener.setReuseAddress(true);
		listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.listener = listener;
		accept(listener);
	}

	/**
	 * Accepts connections again, on the same port, for another server.
	 * @param targetPort the server's port
	 * @throws IOException if the port cannot be bound
	 */
	public synchronized void restore(int targetPort) throws IOException {
		this.targetPort = targetPort;
		restore();
	}

	private void accept(ServerSocket listener) {
		Thread.ofVirtual().start(() -> {
			while (!listener.isClosed()) {
				try {
					Socket client = listener.accept();
					Socket server = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
					this.sockets.add(client);
					this.sockets.add(server);
					Thread.ofVirtual().start(() -> pipe(client, server));
					Thread.ofVirtual().start(() -> pipe(server, client));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	private static void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// one side closed
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
