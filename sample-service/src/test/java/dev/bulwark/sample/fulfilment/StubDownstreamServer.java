package dev.bulwark.sample.fulfilment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for the inventory and payments services. Every product has stock, but reserving
 * a SKU that starts with {@code GONE} is refused with 409; a payment for a customer whose id starts with
 * {@code broke} is declined with 402, and the first three payment attempts of a customer whose id starts with
 * {@code flaky} fail with 503 (their outcome unknown to the caller), more than the client's retries. Every call is recorded as {@code METHOD path Idempotency-Key}.
 */
final class StubDownstreamServer implements AutoCloseable {

	private final HttpServer server;

	final List<String> calls = new CopyOnWriteArrayList<>();

	private final java.util.Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

	StubDownstreamServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/stock/", (exchange) -> respond(exchange, 200,
				"{\"available\":100}"));
		this.server.createContext("/api/reservations", (exchange) -> {
			String body = record(exchange);
			respond(exchange, body.contains("\"GONE") ? 409 : ("DELETE".equals(exchange.getRequestMethod()) ? 204 : 201),
					"{}");
		});
		this.server.createContext("/api/payments", (exchange) -> {
			String body = record(exchange);
			if (body.contains("\"flaky") && this.failures
				.merge(exchange.getRequestHeaders().getFirst("Idempotency-Key"), 1, Integer::sum) <= 3) {
				respond(exchange, 503, "{}");
				return;
			}
			respond(exchange, body.contains("\"broke") ? 402 : ("DELETE".equals(exchange.getRequestMethod()) ? 404 : 201),
					"{}");
		});
		this.server.start();
	}

	private String record(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
				+ exchange.getRequestHeaders().getFirst("Idempotency-Key"));
		return body;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (status == 204) {
			exchange.sendResponseHeaders(204, -1);
		}
		else {
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	List<String> callsFor(long orderId) {
		return this.calls.stream().filter((call) -> call.contains("order-" + orderId + "-") || call.endsWith("/" + orderId + " null")).toList();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
