package dev.bulwark.sample.observability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for the inventory service: every product has 100 in stock, and every reservation
 * succeeds. Keeps the
 * {@code traceparent} and {@code X-Request-Id} headers of the last call per product.
 */
final class StubInventoryServer implements AutoCloseable {

	private final HttpServer server;

	final Map<String, Map<String, String>> headersBySku = new ConcurrentHashMap<>();

	StubInventoryServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/stock/", (exchange) -> {
			String sku = exchange.getRequestURI().getPath().substring("/api/stock/".length());
			Map<String, String> headers = new ConcurrentHashMap<>();
			for (String name : new String[] { "traceparent", "X-Request-Id" }) {
				String value = exchange.getRequestHeaders().getFirst(name);
				if (value != null) {
					headers.put(name, value);
				}
			}
			this.headersBySku.put(sku, headers);
			byte[] body = ("{\"sku\":\"" + sku + "\",\"available\":100}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		// the fulfilment saga reserves stock for each order placed
		this.server.createContext("/api/reservations", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, -1);
			exchange.close();
		});
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
