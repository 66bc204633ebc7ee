package dev.bulwark.sample.contract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders API's contract: the OpenAPI description checked in at {@code src/test/resources/contract/openapi.json}
 * must be the one the running service serves at {@code /v3/api-docs}. A change to the API, deliberate or not, fails
 * this test until the checked-in description is updated with it (run with {@code -Dbulwark.contract.update=true}),
 * so that every change to what clients see shows in review.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.group.readiness.show-components=always")
class OpenApiContractTests {

	static final Path CONTRACT = Path.of("src", "test", "resources", "contract", "openapi.json");

	private static final JsonMapper json = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@Test
	void servedApiIsTheCheckedInContract() throws Exception {
		HttpResponse<String> served = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs")).build(),
					BodyHandlers.ofString());
		assertThat(served.statusCode()).isEqualTo(200);
		String description = normalized(served.body());
		Path target = Path.of("target", "openapi.json");
		Files.writeString(target, description);
		if (Boolean.getBoolean("bulwark.contract.update")) {
			Files.writeString(CONTRACT, description);
		}
		assertThat(CONTRACT).as("the API differs from its contract: compare " + CONTRACT + " with "
				+ target.toAbsolutePath() + "; if the change is meant, run this test with -Dbulwark.contract.update=true")
			.hasContent(description);
	}

	/**
	 * @return the description with sorted members and without the server address, which changes with each run
	 */
	@SuppressWarnings("unchecked")
	static String normalized(String description) {
		Map<String, Object> api = json.readValue(description, Map.class);
		api.remove("servers");
		return json.writeValueAsString(api) + "\n";
	}

}
