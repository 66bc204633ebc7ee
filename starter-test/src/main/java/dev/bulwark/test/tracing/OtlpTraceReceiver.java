package dev.bulwark.test.tracing;

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
import org.jspecify.annotations.Nullable;

/**
 * A real OTLP/HTTP trace receiver on a loopback port: decodes each {@code /v1/traces} export (protobuf) and keeps the
 * spans with their resources. Point a service at it with
 * {@code management.opentelemetry.tracing.export.otlp.endpoint=<endpoint()>}.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

	/**
	 * A span as it was exported.
	 *
	 * @param span the span
	 * @param resource the resource it was exported with (service name, version, environment)
	 */
	public record ReceivedSpan(Span span, io.opentelemetry.proto.resource.v1.Resource resource) {

		/**
		 * @return the trace id, in hexadecimal
		 */
		public String traceId() {
			return java.util.HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
		}

		/**
		 * @return the span id, in hexadecimal
		 */
		public String spanId() {
			return java.util.HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
		}

		/**
		 * @return the parent's span id, in hexadecimal (empty for a root span)
		 */
		public String parentSpanId() {
			return java.util.HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
		}

		/**
		 * @param key an attribute name
		 * @return the span's string attribute of that name, or {@code null}
		 */
		public @Nullable String attribute(String key) {
			return this.span.getAttributesList()
				.stream()
				.filter((attribute) -> attribute.getKey().equals(key))
				.map((attribute) -> attribute.getValue().getStringValue())
				.findFirst()
				.orElse(null);
		}

		/**
		 * @param key an attribute name
		 * @return the resource's string attribute of that name, or {@code null}
		 */
		public @Nullable String resourceAttribute(String key) {
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

	/**
	 * Starts the receiver on a free loopback port.
	 * @throws IOException when no port can be bound
	 */
	public OtlpTraceReceiver() throws IOException {
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

	/**
	 * @return the traces endpoint, {@code http://127.0.0.1:<port>/v1/traces}
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/**
	 * @return every span received so far, in the order received
	 */
	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
