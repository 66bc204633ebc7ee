package dev.bulwark.sample.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image's runtime layout, proven without a Docker engine: the packaged jar is extracted into Spring
 * Boot's layers with the Dockerfile's command, the layers are copied into one directory in the Dockerfile's order,
 * and the Dockerfile's exact {@code ENTRYPOINT} is started there. The service must answer {@code /ready}, and stop
 * on SIGTERM.
 */
class ContainerImageLayoutIT {

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	@Test
	void extractedLayersStartWithTheDockerfilesEntrypoint(@TempDir Path work) throws Exception {
		String dockerfile = Files.readString(DOCKERFILE);
		Path extract = Files.createDirectories(work.resolve("extract"));
		Files.copy(Path.of("target", "sample-service.jar"), extract.resolve("sample-service.jar"));
		run(extract, java(), "-Djarmode=tools", "-jar", "sample-service.jar", "extract", "--layers", "--destination",
				"extracted");

		Path app = Files.createDirectories(work.resolve("app"));
		Matcher layers = Pattern.compile("(?m)^COPY --from=extract /extract/(extracted/[a-z-]+)/ \\./$").matcher(dockerfile);
		List<String> copied = new ArrayList<>();
		while (layers.find()) {
			copyTree(extract.resolve(layers.group(1)), app);
			copied.add(layers.group(1));
		}
		assertThat(copied).containsExactly("extracted/dependencies", "extracted/spring-boot-loader",
				"extracted/snapshot-dependencies", "extracted/application");
		assertThat(app.resolve("sample-service.jar")).as("the application jar, next to lib/").isRegularFile();
		assertThat(app.resolve("lib")).isDirectory();

		Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
		assertThat(entrypoint.find()).as("an exec-form ENTRYPOINT").isTrue();
		List<String> command = new ArrayList<>(
				List.of(JsonMapper.shared().readValue(entrypoint.group(1), String[].class)));
		assertThat(command.get(0)).isEqualTo("java");
		command.set(0, java());
		int port = freePort();
		ProcessBuilder service = new ProcessBuilder(command).directory(app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "container-layout-it.log").toFile());
		service.environment().put("SERVER_PORT", Integer.toString(port));
		// no identity provider here: the dev profile issues its own tokens
		service.environment().put("SPRING_PROFILES_ACTIVE", "dev");
		Process process = service.start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
				assertThat(process.isAlive()).as("the service is running; see target/container-layout-it.log").isTrue();
				return client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
							BodyHandlers.discarding())
					.statusCode() == 200;
			});
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
		}
		assertThat(Files.readString(Path.of("target", "container-layout-it.log")))
			.contains("Started OrdersApplication")
			.contains("Graceful shutdown complete");
	}

	private static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static void run(Path directory, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (!Files.exists(from)) {
			// an empty layer (no snapshot dependencies, say) is not extracted at all
			return;
		}
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
