package dev.bulwark.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
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
 * The sample's access rules: reading orders needs orders:read, placing them orders:write; and the development token
 * issuer, which only the dev profile may use.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class OrdersSecurityTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final String ORDER = "{\"customerId\":\"c-sec\",\"items\":[{\"sku\":\"A-1\",\"quantity\":1}]}";

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
					HttpRequest.newBuilder(URI.create(base + "/dev/token?scope=orders:read+orders:write"))
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
