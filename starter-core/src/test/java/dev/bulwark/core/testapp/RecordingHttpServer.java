package dev.bulwark.core.testapp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a loopback port that answers 200 and records the headers of each request it receives.
 */
public final class RecordingHttpServer implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<Headers> requests = new LinkedBlockingQueue<>();

	public RecordingHttpServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestHeaders());
			byte[] body = "downstream ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/downstream";
	}

	/**
	 * @return the headers of the next request received, waiting a few seconds at most
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Headers takeRequest() throws InterruptedException {
		Headers headers = this.requests.poll(10, TimeUnit.SECONDS);
		if (headers == null) {
			throw new AssertionError("The downstream server received no request");
		}
		return headers;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
