package dev.bulwark.sample.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.observability.ObservabilityEnvironmentPostProcessor;
import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.ConfigurationMetadata;
import dev.bulwark.sample.support.ProjectFiles;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kustomize manifests under {@code deploy/kubernetes}, rendered by {@code kubectl kustomize} as a cluster would
 * get them, checked against the service itself: the probes and the scrape path answer on the running service, the
 * grace period covers the pre-stop pause, the readiness drain and the shutdown timeout, and every environment
 * variable and configuration property the manifests set is one the service reads.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.group.readiness.show-components=always")
class KubernetesManifestsTests {

	private static final Path KUSTOMIZE = ProjectFiles.find("deploy/kubernetes");

	private static final ConfigurationMetadata metadata = ConfigurationMetadata.load();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
	void probesAndScrapePathAreServedByTheService(String variant) throws Exception {
		Rendered rendered = render(variant);
		Map<String, Object> container = rendered.container();
		Map<String, Object> endpoint = map(list(rendered.one("ServiceMonitor"), "spec", "endpoints").get(0));
		boolean managementPort = rendered.configuration().containsKey("management.server.port");
		assertThat(list(container, "ports").stream().<Object>map((port) -> ((Map<?, ?>) port).get("containerPort")).toList())
			.as("the ports the service listens on (server.port and spring.grpc.server.port are not set, so 8080 and "
					+ "Spring gRPC's 9090, and management.server.port when set)")
			.containsExactlyInAnyOrderElementsOf(managementPort
					? List.of(8080, 9090, Integer.parseInt(String.valueOf(rendered.configuration().get("management.server.port"))))
					: List.of(8080, 9090));
		HttpClient client = HttpClient.newHttpClient();
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			Map<String, Object> httpGet = map(map(container, probe), "httpGet");
			assertThat(httpGet.get("port")).as(probe + " port").isEqualTo("http");
			int status = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + httpGet.get("path"))).build(),
					BodyHandlers.discarding()).statusCode();
			assertThat(status).as(probe + " " + httpGet.get("path") + " on the running service").isEqualTo(200);
		}
		assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).isEqualTo("/health");
		assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/ready");
		if (managementPort) {
			assertThat(endpoint.get("port")).isEqualTo("management");
			assertThat(rendered.configuration()).containsEntry("bulwark.security.metrics-access", "management-port");
			assertScrapedOnTheManagementPortOnly(String.valueOf(endpoint.get("path")));
		}
		else {
			int scrape = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + endpoint.get("path"))).build(),
					BodyHandlers.discarding()).statusCode();
			assertThat(scrape).as("the scrape path, without a token").isEqualTo(200);
		}
		assertThat(map(map(rendered.one("Service"), "spec"), "selector"))
			.isEqualTo(map(map(map(rendered.deployment(), "spec"), "selector"), "matchLabels"));
	}

	/**
	 * The service as the overlay configures it: the scrape answers on the management port without a token, and
	 * neither scrape path answers on the application's port.
	 */
	private static void assertScrapedOnTheManagementPortOnly(String path) throws Exception {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "management.server.port=0",
				"bulwark.security.metrics-access=management-port"));
		SampleTokens.properties().forEach((name, value) -> properties.add(name + "=" + value));
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(OrdersApplication.class)
			.properties(properties.toArray(String[]::new))
			.run()) {
			HttpClient client = HttpClient.newHttpClient();
			String management = "http://localhost:" + service.getEnvironment().getProperty("local.management.port");
			String application = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
			assertThat(client.send(HttpRequest.newBuilder(URI.create(management + path)).build(),
					BodyHandlers.discarding()).statusCode()).as("the scrape on the management port").isEqualTo(200);
			for (String scrape : List.of("/metrics", "/actuator/prometheus")) {
				assertThat(client.send(HttpRequest.newBuilder(URI.create(application + scrape)).build(),
						BodyHandlers.discarding()).statusCode()).as(scrape + " on the application's port").isIn(401, 403, 404);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
	void gracePeriodCoversPreStopDrainAndShutdown(String variant) throws Exception {
		Rendered rendered = render(variant);
		Map<String, Object> config = rendered.configuration();
		long preStop = Long.parseLong(String.valueOf(
				list(map(map(map(rendered.container(), "lifecycle"), "preStop"), "exec"), "command").get(1)));
		// Bulwark drains for 5s on a detected cloud platform; Spring waits 30s per shutdown phase by default
		long drain = seconds(config.getOrDefault("bulwark.shutdown.drain-delay", "5s"));
		long shutdown = seconds(config.getOrDefault("spring.lifecycle.timeout-per-shutdown-phase", "30s"));
		long grace = ((Number) rendered.podSpec().get("terminationGracePeriodSeconds")).longValue();
		assertThat(grace).as("terminationGracePeriodSeconds").isGreaterThanOrEqualTo(preStop + drain + shutdown);
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
	void everyVariableAndPropertySetIsOneTheServiceReads(String variant) throws Exception {
		Rendered rendered = render(variant);
		String applicationYaml = Files.readString(Path.of("src", "main", "resources", "application.yml"));
		for (Object entry : list(rendered.container(), "env")) {
			String name = String.valueOf(((Map<?, ?>) entry).get("name"));
			boolean read = ObservabilityEnvironmentPostProcessor.OTEL_VARIABLES.contains(name)
					|| applicationYaml.contains("${" + name + ":") || metadata.describesEnvironmentVariable(name);
			assertThat(read).as("environment variable " + name + " is read by the service").isTrue();
		}
		assertThat(rendered.configuration().keySet()).allSatisfy(
				(property) -> assertThat(metadata.describes(property)).as("property " + property + " exists").isTrue());
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
	void containerRunsTheImagesEntryPointWithTheCpuShareAndNoJvmOptionsVariable(String variant) throws Exception {
		Rendered rendered = render(variant);
		Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(Files.readString(Path.of("Dockerfile")));
		assertThat(entrypoint.find()).as("the Dockerfile's exec-form ENTRYPOINT").isTrue();
		List<String> expected = new ArrayList<>(List.of(JsonMapper.shared().readValue(entrypoint.group(1), String[].class)));
		expected.add(1, "-XX:ActiveProcessorCount=2");
		assertThat(list(rendered.container(), "command")).as("the image's entry point, with the CPU share")
			.containsExactlyElementsOf(expected);
		// the JVM announces these on stderr, in lines that are not JSON
		List<Object> env = list(rendered.container(), "env");
		assertThat(env).noneSatisfy((entry) -> assertThat(((Map<?, ?>) entry).get("name"))
			.isIn("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
	void containerRunsLockedDown(String variant) throws Exception {
		Rendered rendered = render(variant);
		Map<String, Object> security = map(rendered.container(), "securityContext");
		assertThat(security).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(list(map(security, "capabilities"), "drop")).containsExactly("ALL");
		assertThat(list(rendered.container(), "volumeMounts")).anySatisfy(
				(mount) -> assertThat(((Map<?, ?>) mount).get("mountPath")).as("a writable /tmp").isEqualTo("/tmp"));
		Map<String, Object> resources = map(rendered.container(), "resources");
		assertThat(map(resources, "limits").get("memory")).as("memory limit, which -XX:MaxRAMPercentage sizes the heap from")
			.isEqualTo(map(resources, "requests").get("memory"));
		for (String kind : List.of("Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy",
				"ServiceMonitor", "ConfigMap")) {
			assertThat(rendered.one(kind)).as(kind).isNotEmpty();
		}
		assertThat(rendered.podSpec().get("topologySpreadConstraints")).isNotNull();
	}

	private static long seconds(Object duration) {
		String text = String.valueOf(duration).trim();
		return text.endsWith("ms") ? Long.parseLong(text.replace("ms", "")) / 1000
				: Long.parseLong(text.replaceAll("[a-z]+$", "")) * (text.endsWith("m") ? 60 : 1);
	}

	private static Rendered render(String variant) throws IOException, InterruptedException {
		Process kubectl;
		try {
			kubectl = new ProcessBuilder("kubectl", "kustomize", KUSTOMIZE.resolve(variant).toString())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("kubectl is needed to render deploy/kubernetes (.ci/run installs it)", ex);
		}
		String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(kubectl.exitValue()).as(output).isZero();
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(output)) {
			documents.add(map(document));
		}
		return new Rendered(documents);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return map(parent.get(key));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> parent, String... path) {
		Map<String, Object> current = parent;
		for (int i = 0; i < path.length - 1; i++) {
			current = map(current, path[i]);
		}
		return (List<Object>) current.get(path[path.length - 1]);
	}

	private record Rendered(List<Map<String, Object>> documents) {

		Map<String, Object> one(String kind) {
			return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).findFirst().orElseThrow();
		}

		Map<String, Object> deployment() {
			return one("Deployment");
		}

		Map<String, Object> podSpec() {
			return map(map(map(map(deployment(), "spec"), "template"), "spec"));
		}

		Map<String, Object> container() {
			return map(list(podSpec(), "containers").get(0));
		}

		/**
		 * @return the properties of every file in the ConfigMap, flattened to dotted names
		 */
		Map<String, Object> configuration() {
			Map<String, Object> properties = new LinkedHashMap<>();
			map(one("ConfigMap"), "data").values()
				.forEach((file) -> new Yaml().loadAll(String.valueOf(file))
					.forEach((document) -> flatten("", document, properties)));
			return properties;
		}

		private static void flatten(String prefix, Object value, Map<String, Object> into) {
			if (value instanceof Map<?, ?> map) {
				map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, into));
			}
			else if (value instanceof List<?> items) {
				for (int i = 0; i < items.size(); i++) {
					flatten(prefix + "[" + i + "]", items.get(i), into);
				}
			}
			else if (value != null) {
				into.put(prefix, value);
			}
		}

	}

}
