package dev.bulwark.core.problem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.testapp.CoreTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input, sent over real HTTP, is answered as an RFC 9457 problem that names no internals.
 */
@SpringBootTest(classes = CoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ProblemDetailsHttpTests {

	private static final String VALID_ORDER = """
			{"customerId":"c-1","items":[{"sku":"A-1","quantity":2}]}""";

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	static Stream<Arguments> badRequests() {
		byte[] twoMegabytes = new byte[2 * 1024 * 1024];
		java.util.Arrays.fill(twoMegabytes, (byte) ' ');
		return Stream.of(
				Arguments.of("malformed JSON", "POST", "/test/orders", "application/json",
						BodyPublishers.ofString("{\"customerId\": "), 400),
				Arguments.of("JSON of the wrong shape", "POST", "/test/orders", "application/json",
						BodyPublishers.ofString("[1,2,3]"), 400),
				Arguments.of("missing body", "POST", "/test/orders", "application/json", BodyPublishers.noBody(), 400),
				Arguments.of("wrong media type", "POST", "/test/orders", "text/plain",
						BodyPublishers.ofString(VALID_ORDER), 415),
				Arguments.of("unknown route", "GET", "/no/such/route", null, BodyPublishers.noBody(), 404),
				Arguments.of("the error page requested directly", "GET", "/error", null, BodyPublishers.noBody(), 404),
				Arguments.of("the error page, escaped", "POST", "/%65rror", null, BodyPublishers.noBody(), 404),
				Arguments.of("wrong method", "DELETE", "/test/orders", null, BodyPublishers.noBody(), 405),
				Arguments.of("too large, with Content-Length", "POST", "/test/orders", "application/json",
						BodyPublishers.ofByteArray(twoMegabytes), 413),
				Arguments.of("too large, chunked", "POST", "/test/orders", "application/json",
						BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMegabytes)), 413),
				Arguments.of("path parameter of the wrong type", "GET", "/test/items/abc", null,
						BodyPublishers.noBody(), 400),
				Arguments.of("unhandled exception", "GET", "/test/boom", null, BodyPublishers.noBody(), 500));
	}

	@ParameterizedTest(name = "{0} -> {5}")
	@MethodSource("badRequests")
	void badInputIsAnsweredAsProblemWithoutInternals(String name, String method, String path, String contentType,
			BodyPublisher body, int expectedStatus) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());

		JsonNode problem = assertProblem(response, expectedStatus);
		assertThat(problem.path("instance").asString()).isEqualTo(path);
		assertThat(response.body()).doesNotContainIgnoringCase("exception")
			.doesNotContain("hunter2")
			.doesNotContain("at dev.bulwark")
			.doesNotContain("java.")
			.doesNotContain("tools.jackson");
	}

	static Stream<Arguments> invalidFields() {
		return Stream.of(
				Arguments.of("body fields", "POST", "/test/orders",
						"{\"customerId\":\"\",\"items\":[{\"sku\":\"A-1\",\"quantity\":0}]}",
						new String[] { "customerId", "items[0].quantity" }),
				Arguments.of("empty list in body", "POST", "/test/orders", "{\"customerId\":\"c\",\"items\":[]}",
						new String[] { "items" }),
				Arguments.of("path parameter", "GET", "/test/items/0", null, new String[] { "id" }),
				Arguments.of("query parameter", "GET", "/test/search?size=1000", null, new String[] { "size" }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFields")
	void validationProblemListsEachFieldAndMessage(String name, String method, String path, String body,
			String[] fields) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.path("errors").valueStream().map((error) -> error.path("field").asString()))
			.containsExactly(fields);
		assertThat(problem.path("errors").valueStream().map((error) -> error.path("message").asString()))
			.allSatisfy((message) -> assertThat(message).isNotBlank());
	}

	@Test
	void validRequestStillSucceeds() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/test/orders"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(VALID_ORDER))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValue("/test/orders/1");
	}

	@Test
	void oversizedBodyIsRefusedWithoutResettingTheConnection() throws Exception {
		// a client that declares a large body and is told 413 reads a complete response, not a reset
		String response = dev.bulwark.core.testapp.RawHttp.exchange(this.port,
				"POST /test/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 104857600\r\nConnection: close\r\n\r\n{\"customerId\":");
		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
	}

	@Test
	void problemCarriesTheCallersCorrelationId() throws Exception {
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(uri("/no/such/route")).header("X-Request-Id", "order-42-attempt-1").build(),
				BodyHandlers.ofString());
		assertThat(assertProblem(response, 404).path("correlationId").asString()).isEqualTo("order-42-attempt-1");
	}

	private JsonNode assertProblem(HttpResponse<String> response, int expectedStatus) throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
		String correlationId = problem.path("correlationId").asString();
		assertThat(correlationId).isNotBlank();
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue(correlationId);
		return problem;
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
