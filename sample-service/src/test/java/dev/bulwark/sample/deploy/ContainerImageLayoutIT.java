package dev.bulwark.sample.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.sample.support.PackagedService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's runtime, proven without a Docker engine: the packaged jar is extracted into Spring Boot's
 * layers with the Dockerfile's command, the layers are copied into one directory in the Dockerfile's order, the
 * Dockerfile's AOT training run is made there, and the Dockerfile's exact {@code ENTRYPOINT} is started. The service
 * must answer {@code /ready}, stop on SIGTERM, and write nothing but JSON lines on stdout and stderr.
 */
class ContainerImageLayoutIT {

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	@Test
	void extractedLayersStartWithTheDockerfilesEntrypointAndLogOnlyJson(@TempDir Path work) throws Exception {
		String dockerfile = Files.readString(DOCKERFILE);
		Path extract = Files.createDirectories(work.resolve("extract"));
		Files.copy(Path.of("target", "sample-service.jar"), extract.resolve("sample-service.jar"));
		run(extract, List.of(PackagedService.java(), "-Djarmode=tools", "-jar", "sample-service.jar", "extract", "--layers",
				"--destination", "extracted"));

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

		Matcher training = Pattern.compile("(?ms)^RUN (java -XX:AOTCacheOutput=.*?)\\s*&&").matcher(dockerfile);
		assertThat(training.find()).as("the AOT training run").isTrue();
		run(app, PackagedService.withThisJava(List.of(training.group(1).replace("\\\n", " ").trim().split("\\s+"))));
		assertThat(app.resolve("app.aot")).as("the AOT cache the entry point uses").isRegularFile();

		Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
		assertThat(entrypoint.find()).as("an exec-form ENTRYPOINT").isTrue();
		List<String> command = List.of(JsonMapper.shared().readValue(entrypoint.group(1), String[].class));
		PackagedService.assertServesAndLogsOnlyJson(app, PackagedService.withThisJava(command), "container-layout-it");
	}

	private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
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

}
