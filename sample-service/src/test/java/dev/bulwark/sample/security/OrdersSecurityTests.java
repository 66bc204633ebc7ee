package dev.bulwark.sample.security;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;
import dev.bulwark.test.security.AccessRulesAttack;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample's access rules: reading orders needs orders:read, placing them orders:write, and a customer sees only
 * its own orders; and the development token issuer, which only the dev profile may use.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class OrdersSecurityTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	// the sample's test tokens name customer "alice"
	private static final String ORDER = "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@ParameterizedTest(name = "{0} {1} with scope ''{2}'' -> {3}")
	@CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
			GET  | /api/orders | NONE                        | 401
			GET  | /api/orders | orders:write                | 403
			GET  | /api/orders | orders:read                 | 200
			POST | /api/orders | orders:read                 | 403
			POST | /api/orders | orders:write                | 201
			GET  | /api/orders/1 | orders:write              | 403
			GET  | /v3/api-docs | NONE                       | 200
			GET  | /health     | NONE                        | 200
			GET  | /dev/token  | NONE                        | 401
			""")
	void scopesGuardTheOrdersApi(String method, String path, String scope, int expected) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method, method.equals("POST") ? BodyPublishers.ofString(ORDER) : BodyPublishers.noBody());
		if (scope != null) {
			request.header("Authorization", "Bearer " + SampleTokens.token(scope));
		}
		HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
	}

	@Test
	void anotherCustomersOrderIsAnsweredAsOneThatDoesNotExistUnlessTheTokenHasTheAdminScope() throws Exception {
		String owner = SampleTokens.customerToken("http-owner", "orders:read orders:write");
		String other = SampleTokens.customerToken("http-other", "orders:read orders:write");
		String admin = SampleTokens.customerToken("back-office", "orders:read orders:admin");
		HttpResponse<String> placed = send("POST", "/api/orders", owner,
				"{\"customerId\":\"http-owner\",\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}");
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String path = URI.create(placed.headers().firstValue("Location").orElseThrow()).getPath();
		String id = path.substring(path.lastIndexOf('/') + 1);

		assertThat(send("GET", path, owner, null).statusCode()).isEqualTo(200);
		HttpResponse<String> hidden = send("GET", path, other, null);
		assertThat(hidden.statusCode()).isEqualTo(404);
		assertThat(hidden.body()).contains("Order " + id + " does not exist.");
		assertThat(send("HEAD", path, other, null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/api/orders?customerId=http-owner", other, null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/api/orders", other, null).body()).doesNotContain("http-owner");
		assertThat(send("GET", "/api/order-summaries?customerId=http-owner", other, null).statusCode())
			.isEqualTo(404);
		assertThat(send("GET", "/api/order-summaries/" + id, other, null).statusCode()).isEqualTo(404);
		HttpResponse<String> forSomeoneElse = send("POST", "/api/orders", other,
				"{\"customerId\":\"http-owner\",\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}");
		assertThat(forSomeoneElse.statusCode()).isEqualTo(403);

		assertThat(send("GET", path, admin, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/orders?customerId=http-owner", admin, null).body()).contains("http-owner");
	}

	@Test
	void theRateLimitCountsEverySpellingOfAPathAsThatPath() throws Exception {
		// burst 40 per subject: 80 requests over four spellings go past it only if they share one bucket
		String token = SampleTokens.customerToken("spelling-" + System.nanoTime(), "orders:read");
		List<String> spellings = new ArrayList<>(List.of("/api/orders/1"));
		spellings.addAll(AccessRulesAttack.servedAsTheSame("/api/orders/1"));
		Map<String, Set<Integer>> statuses = new LinkedHashMap<>();
		for (int i = 0; i < 80; i++) {
			String path = spellings.get(i % spellings.size());
			statuses.computeIfAbsent(path, (key) -> new TreeSet<>())
				.add(rawGet(path, token));
		}
		assertThat(statuses).as("statuses by spelling").hasSize(4).allSatisfy((path, seen) -> assertThat(seen).contains(429));
	}

	private int rawGet(String path, String token) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
						+ token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			String statusLine = new String(socket.getInputStream().readNBytes(12),
					StandardCharsets.ISO_8859_1);
			return Integer.parseInt(statusLine.substring(9, 12));
		}
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

	@Test
	void devTokensRefuseToStartOutsideTheDevProfile(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(OrdersApplication.class)
			.properties("server.port=0", "bulwark.security.dev-tokens.enabled=true")
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START").contains("bulwark.security.dev-tokens.enabled");
	}

	@Test
	void devProfileIssuesTokensTheServiceAccepts() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class)
			.profiles("dev")
			.properties("server.port=0")
			.run()) {
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> issued = client.send(
					HttpRequest.newBuilder(URI.create(base + "/dev/token?subject=alice&scope=orders:read+orders:write"))
						.POST(BodyPublishers.noBody())
						.build(),
					BodyHandlers.ofString());
			assertThat(issued.statusCode()).isEqualTo(200);
			Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(issued.body());
			assertThat(token.find()).isTrue();
			HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/api/orders"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token.group(1))
				.POST(BodyPublishers.ofString(ORDER))
				.build(), BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(201);
		}
	}

}
