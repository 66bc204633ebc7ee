package dev.bulwark.core.actuator;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bulwark.core.testapp.CoreTestApplication;
import dev.bulwark.core.testapp.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulwark's actuator mapping skips requests outside the actuator's base path. Over real HTTP, every request here is
 * answered exactly as with Spring Boot's own mapping (the same service started with the feature off), for the
 * actuator's paths, the health groups' paths and the application's.
 */
@SpringBootTest(classes = CoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BasePathEndpointHandlerMappingHttpTests {

	private static ConfigurableApplicationContext bootMapping;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@BeforeAll
	static void startWithBootsMapping() {
		bootMapping = new SpringApplicationBuilder(CoreTestApplication.class)
			.properties("server.port=0", "bulwark.actuator.endpoint-mapping.enabled=false")
			.run();
	}

	@AfterAll
	static void stop() {
		bootMapping.close();
	}

	static Stream<Arguments> requests() {
		return Stream.of(Arguments.of("GET", "/actuator", Map.of()), Arguments.of("GET", "/actuator/", Map.of()),
				Arguments.of("GET", "/actuator/health", Map.of()),
				Arguments.of("GET", "/actuator/health/", Map.of()),
				Arguments.of("GET", "/actuator/health/liveness", Map.of()),
				Arguments.of("GET", "/actuator/health/readiness", Map.of()),
				Arguments.of("GET", "/actuator/info", Map.of()),
				Arguments.of("GET", "/actuator/health", Map.of("Accept", "application/vnd.spring-boot.actuator.v3+json")),
				Arguments.of("GET", "/actuator/health", Map.of("Accept", "text/csv")),
				Arguments.of("POST", "/actuator/health", Map.of("Content-Type", "application/json")),
				Arguments.of("GET", "/actuator/nosuch", Map.of()), Arguments.of("GET", "/%61ctuator/health", Map.of()),
				Arguments.of("GET", "/actuator;v=1/health", Map.of()), Arguments.of("GET", "/ACTUATOR/health", Map.of()),
				Arguments.of("GET", "/actuatorx", Map.of()), Arguments.of("GET", "/health", Map.of()),
				Arguments.of("GET", "/ready", Map.of()), Arguments.of("GET", "/test/items/7", Map.of()),
				Arguments.of("GET", "/test/search?size=3", Map.of()), Arguments.of("DELETE", "/test/orders", Map.of()),
				Arguments.of("GET", "/no/such/route", Map.of()),
				Arguments.of("OPTIONS", "/actuator/health",
						Map.of("Origin", "https://elsewhere.test", "Access-Control-Request-Method", "GET")));
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("requests")
	void answersAsBootsMappingDoes(String method, String path, Map<String, String> headers) throws IOException {
		String withBulwark = statusLineAndBody(this.port, method, path, headers);
		String withBoot = statusLineAndBody(port(bootMapping), method, path, headers);

		assertThat(withBulwark).isEqualTo(withBoot);
	}

	@Test
	void actuatorAndApplicationPathsAnswer() throws IOException {
		assertThat(statusLineAndBody(this.port, "GET", "/actuator/health", Map.of()))
			.startsWith("HTTP/1.1 200")
			.contains("\"status\":\"UP\"");
		assertThat(statusLineAndBody(this.port, "GET", "/actuator", Map.of())).startsWith("HTTP/1.1 200")
			.contains("\"_links\"");
		assertThat(statusLineAndBody(this.port, "GET", "/test/items/7", Map.of())).startsWith("HTTP/1.1 200")
			.contains("\"id\":7");
	}

	@Test
	void replacesBootsMappingOnlyWhenEnabled() {
		assertThat(this.context.getBean(WebMvcEndpointHandlerMapping.class))
			.isInstanceOf(BasePathEndpointHandlerMapping.class);
		assertThat(bootMapping.getBean(WebMvcEndpointHandlerMapping.class).getClass())
			.isEqualTo(WebMvcEndpointHandlerMapping.class);
	}

	@Test
	void leavesTheActuatorOnItsOwnPortToBoot() throws IOException {
		try (ConfigurableApplicationContext separate = new SpringApplicationBuilder(CoreTestApplication.class)
			.properties("server.port=0", "management.server.port=0")
			.run()) {
			assertThat(separate.getBeansOfType(BasePathEndpointHandlerMapping.class)).isEmpty();
			int managementPort = Integer.parseInt(separate.getEnvironment().getProperty("local.management.port"));
			assertThat(statusLineAndBody(managementPort, "GET", "/actuator/health", Map.of()))
				.startsWith("HTTP/1.1 200");
			assertThat(statusLineAndBody(port(separate), "GET", "/test/items/7", Map.of())).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void followsTheContextPathAndACustomBasePath() throws IOException {
		try (ConfigurableApplicationContext custom = new SpringApplicationBuilder(CoreTestApplication.class)
			.properties("server.port=0", "server.servlet.context-path=/api", "management.endpoints.web.base-path=/manage")
			.run()) {
			assertThat(custom.getBean(WebMvcEndpointHandlerMapping.class))
				.isInstanceOf(BasePathEndpointHandlerMapping.class);
			int port = port(custom);
			assertThat(statusLineAndBody(port, "GET", "/api/manage/health", Map.of())).startsWith("HTTP/1.1 200")
				.contains("\"status\":\"UP\"");
			assertThat(statusLineAndBody(port, "GET", "/api/manage", Map.of())).startsWith("HTTP/1.1 200")
				.contains("\"_links\"");
			assertThat(statusLineAndBody(port, "GET", "/api/test/items/7", Map.of())).startsWith("HTTP/1.1 200");
			assertThat(statusLineAndBody(port, "GET", "/api/actuator/health", Map.of())).startsWith("HTTP/1.1 404");
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The status line and body, without the values that differ between any two answers: the headers carry a date,
	 * and a problem its time and correlation id.
	 */
	private static String statusLineAndBody(int port, String method, String path, Map<String, String> headers)
			throws IOException {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("Connection: close\r\n");
		request.append(method.equals("POST") ? "Content-Length: 2\r\n\r\n{}" : "\r\n");
		String response = RawHttp.exchange(port, request.toString());
		int headEnd = response.indexOf("\r\n\r\n");
		return response.substring(0, response.indexOf("\r\n")) + "\n" + response.substring(headEnd + 4)
			.replaceAll("\"(timestamp|correlationId)\":\"[^\"]*\"", "");
	}

}
