package dev.bulwark.core.correlation;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.core.testapp.CoreTestApplication;
import dev.bulwark.core.testapp.RawHttp;
import dev.bulwark.core.testapp.RecordingHttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correlation ids over real HTTP: echoed, generated, replaced when forged, and carried to downstream servers.
 */
@SpringBootTest(classes = CoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CorrelationIdHttpTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void wellFormedIncomingIdIsUsedLoggedAndEchoed() throws Exception {
		HttpResponse<String> response = get("/test/correlation", "checkout-7f3a");
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("checkout-7f3a");
		assertThat(response.body()).contains("\"correlationId\":\"checkout-7f3a\"");
	}

	@Test
	void missingIdIsGenerated() throws Exception {
		HttpResponse<String> response = get("/test/correlation", null);
		String id = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(id).matches("[0-9a-f]{32}");
		assertThat(response.body()).contains("\"correlationId\":\"" + id + "\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "id with spaces", "{\"level\":\"ERROR\",\"message\":\"forged\"}", "<img src=x>",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void forgedIdIsReplaced(String forged) throws Exception {
		HttpResponse<String> response = get("/test/correlation", forged);
		String id = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(id).isNotEqualTo(forged).matches("[0-9a-f]{32}");
		assertThat(response.body()).contains("\"correlationId\":\"" + id + "\"").doesNotContain("forged");
	}

	@Test
	void idWithControlCharactersIsReplaced() throws Exception {
		// obs-fold and tab are legal on the wire but would forge a second line in a plain-text log
		String response = RawHttp.exchange(this.port, "GET /test/correlation HTTP/1.1\r\nHost: localhost\r\n"
				+ "X-Request-Id: abc\tINFO forged\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 200").doesNotContain("forged").containsPattern(
				"X-Request-Id: [0-9a-f]{32}");
	}

	@Test
	void idReachesDownstreamServerThroughRestClient() throws Exception {
		try (RecordingHttpServer downstream = new RecordingHttpServer()) {
			HttpResponse<String> response = get("/test/call/rest-client?target=" + encode(downstream.url()),
					"trace-me-rest");
			assertThat(response.body()).isEqualTo("downstream ok");
			assertThat(downstream.takeRequest().getFirst("X-Request-Id")).isEqualTo("trace-me-rest");
		}
	}

	@Test
	void idReachesDownstreamServerThroughWebClient() throws Exception {
		try (RecordingHttpServer downstream = new RecordingHttpServer()) {
			HttpResponse<String> response = get("/test/call/web-client?target=" + encode(downstream.url()),
					"trace-me-web");
			assertThat(response.body()).isEqualTo("downstream ok");
			assertThat(downstream.takeRequest().getFirst("X-Request-Id")).isEqualTo("trace-me-web");
		}
	}

	private HttpResponse<String> get(String path, String correlationId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (correlationId != null) {
			request.header("X-Request-Id", correlationId);
		}
		return client.send(request.build(), BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
