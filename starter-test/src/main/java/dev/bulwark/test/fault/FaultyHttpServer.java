package dev.bulwark.test.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on a loopback port that answers each request with the next scripted fault: a status (with
 * headers), a delay, a hang, a connection reset, or a body that trickles in. Records every request it receives.
 */
public final class FaultyHttpServer implements AutoCloseable {

	/**
	 * What the server does with one request.
	 */
	public sealed interface Fault {

	}

	/**
	 * Answer with this status, headers and body.
	 *
	 * @param status the status code
	 * @param headers the response headers
	 * @param body the body
	 */
	public record Respond(int status, Map<String, String> headers, String body) implements Fault {
	}

	/**
	 * Wait, then answer.
	 *
	 * @param delay how long to wait before answering
	 * @param then the answer
	 */
	public record Delay(Duration delay, Respond then) implements Fault {
	}

	/**
	 * Never answer (until the server is closed).
	 */
	public record Hang() implements Fault {
	}

	/**
	 * Close the connection without an answer.
	 */
	public record Reset() implements Fault {
	}

	/**
	 * Answer 200, sending the body one byte at a time.
	 *
	 * @param perByte the wait before each byte
	 */
	public record SlowBody(Duration perByte) implements Fault {
	}

	/**
	 * A request the server received.
	 *
	 * @param method the method
	 * @param path the path and query
	 * @param headers the headers, by lower-case name
	 */
	public record Recorded(String method, String path, Map<String, String> headers) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	public static Respond ok() {
		return status(200);
	}

	public static Respond status(int status, String... headerPairs) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i + 1 < headerPairs.length; i += 2) {
			headers.put(headerPairs[i], headerPairs[i + 1]);
		}
		return new Respond(status, headers, "{\"status\":" + status + "}");
	}

	private final ServerSocket socket;

	private final ConcurrentLinkedDeque<Fault> script = new ConcurrentLinkedDeque<>();

	private volatile Fault otherwise = ok();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicInteger inFlight = new AtomicInteger();

	public FaultyHttpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	/**
	 * @param faults answers to the next requests, in order
	 * @return this server
	 */
	public FaultyHttpServer then(Fault... faults) {
		this.script.addAll(List.of(faults));
		return this;
	}

	/**
	 * @param fault the answer once the script is used up
	 * @return this server
	 */
	public FaultyHttpServer otherwise(Fault fault) {
		this.otherwise = fault;
		return this;
	}

	public String url() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.open.add(connection);
				Thread.ofVirtual().start(() -> handle(connection));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void handle(Socket connection) {
		try (connection) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
			String requestLine = in.readLine();
			if (requestLine == null) {
				return;
			}
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
			}
			int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
			for (int i = 0; i < length; i++) {
				in.read();
			}
			String[] parts = requestLine.split(" ");
			this.requests.add(new Recorded(parts[0], parts[1], headers));
			Fault fault = this.script.poll();
			this.inFlight.incrementAndGet();
			try {
				act((fault != null) ? fault : this.otherwise, connection);
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client gave up, or the server is closing
		}
	}

	private void act(Fault fault, Socket connection) throws IOException, InterruptedException {
		OutputStream out = connection.getOutputStream();
		switch (fault) {
			case Respond respond -> write(out, respond);
			case Delay delay -> {
				if (!this.closed.await(delay.delay().toMillis(), TimeUnit.MILLISECONDS)) {
					write(out, delay.then());
				}
			}
			case Hang hang -> this.closed.await(30, TimeUnit.SECONDS);
			case Reset reset -> {
				connection.setSoLinger(true, 0);
				connection.close();
			}
			case SlowBody slow -> {
				String body = "{\"padding\":\"" + "x".repeat(200) + "\"}";
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
					if (this.closed.await(slow.perByte().toMillis(), TimeUnit.MILLISECONDS)) {
						return;
					}
					out.write(b);
					out.flush();
				}
			}
		}
	}

	private static void write(OutputStream out, Respond respond) throws IOException {
		StringBuilder head = new StringBuilder("HTTP/1.1 " + respond.status() + " X\r\n");
		respond.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		byte[] body = respond.body().getBytes(StandardCharsets.UTF_8);
		head.append("Content-Type: application/json\r\nContent-Length: ")
			.append(body.length)
			.append("\r\nConnection: close\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.closed.countDown();
		this.socket.close();
		synchronized (this.open) {
			for (Socket connection : this.open) {
				connection.close();
			}
		}
	}

}
