package dev.bulwark.sample.support;

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

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service run as a process, the way an image or a user starts it.
 */
public final class PackagedService {

	private PackagedService() {
	}

	/**
	 * Starts the service in the default profile (JSON logs; a placeholder issuer, which is contacted only for a first
	 * token), waits for {@code /ready}, stops it with SIGTERM, and checks that every line it wrote on stdout and on
	 * stderr, from the first to the last, is a JSON object: a log collector takes both streams.
	 * @param directory the working directory
	 * @param command the command line
	 * @param logName the streams go to {@code target/<logName>.out.log} and {@code .err.log}
	 */
	public static void assertServesAndLogsOnlyJson(Path directory, List<String> command, String logName)
			throws IOException, InterruptedException {
		Path stdout = Path.of("target", logName + ".out.log").toAbsolutePath();
		Path stderr = Path.of("target", logName + ".err.log").toAbsolutePath();
		ProcessBuilder service = new ProcessBuilder(command).directory(directory.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		String port = Integer.toString(freePort());
		service.environment().put("SERVER_PORT", port);
		service.environment().put("SPRING_GRPC_SERVER_PORT", Integer.toString(freePort()));
		service.environment().put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "https://issuer.invalid");
		for (String variable : List.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
			service.environment().remove(variable);
		}
		Process process = service.start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
				assertThat(process.isAlive()).as("the service is running; see " + stdout + " and " + stderr).isTrue();
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
		List<String> out = Files.readAllLines(stdout);
		assertThat(String.join("\n", out)).contains("Started OrdersApplication").contains("Graceful shutdown complete");
		assertThat(out).as("stdout").allSatisfy(PackagedService::assertJsonObject);
		assertThat(Files.readAllLines(stderr)).as("stderr").allSatisfy(PackagedService::assertJsonObject);
	}

	/**
	 * @param command a command line that starts with {@code java}
	 * @return the same with the JDK that runs the tests in place of the {@code java} on the path
	 */
	public static List<String> withThisJava(List<String> command) {
		assertThat(command.get(0)).isEqualTo("java");
		List<String> withJava = new ArrayList<>(command);
		withJava.set(0, java());
		return withJava;
	}

	/**
	 * @return the {@code java} executable of the JDK that runs the tests
	 */
	public static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static void assertJsonObject(String line) {
		assertThat(line).as("a JSON line").startsWith("{");
		assertThat(JsonMapper.shared().readTree(line).isObject()).as(line).isTrue();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
