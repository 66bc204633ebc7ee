package dev.bulwark.sample.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A real OTLP/HTTP trace receiver on a loopback port: decodes each {@code /v1/traces} export (protobuf) and keeps the
 * spans with their resources.
 */
final class OtlpTraceReceiver implements AutoCloseable {

	record ReceivedSpan(Span span, io.opentelemetry.proto.resource.v1.Resource resource) {

		String traceId() {
			return java.util.HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
		}

		String spanId() {
			return java.util.HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
		}

		String parentSpanId() {
			return java.util.HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
		}

		String attribute(String key) {
			return this.span.getAttributesList()
				.stream()
				.filter((attribute) -> attribute.getKey().equals(key))
				.map((attribute) -> attribute.getValue().getStringValue())
				.findFirst()
				.orElse(null);
		}

		String resourceAttribute(String key) {
			return this.resource.getAttributesList()
				.stream()
				.filter((attribute) -> attribute.getKey().equals(key))
				.map((attribute) -> attribute.getValue().getStringValue())
				.findFirst()
				.orElse(null);
		}

	}

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	OtlpTraceReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/traces", (exchange) -> {
			InputStream body = exchange.getRequestBody();
			if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						this.spans.add(new ReceivedSpan(span, resourceSpans.getResource()));
					}
				}
			}
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
