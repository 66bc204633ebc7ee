package dev.bulwark.resilience.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.resilience.testapp.ResilienceTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Mutual TLS between two services, with certificates made for the test by the JDK's keytool: the server (Spring
 * Boot SSL bundle, client certificates required) refuses a client without a certificate and serves the named client
 * that presents one signed by the trusted CA.
 */
class MutualTlsTests {

	private static final String PASSWORD = "changeit";

	@TempDir
	static Path dir;

	private static ConfigurableApplicationContext server;

	private static ConfigurableApplicationContext client;

	@BeforeAll
	static void start() throws Exception {
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test-ca",
				"-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12");
		for (String name : List.of("server", "client")) {
			keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
					"-validity", "2", "-keystore", name + ".p12");
			keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
			keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile",
					name + ".pem", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
			keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", name + ".p12");
			keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", name + ".p12");
		}
		server = new SpringApplicationBuilder(ResilienceTestApplication.class)
			.properties("server.port=0", "bulwark.resilience.clients.backend.base-url=http://127.0.0.1:9",
					"server.ssl.bundle=server", "server.ssl.client-auth=need")
			.properties(bundle("server"))
			.run();
		int port = ((WebServerApplicationContext) server).getWebServer().getPort();
		client = new SpringApplicationBuilder(ResilienceTestApplication.class)
			.properties("server.port=0", "bulwark.resilience.clients.backend.base-url=https://127.0.0.1:" + port,
					"bulwark.resilience.clients.backend.ssl-bundle=client")
			.properties(bundle("client"))
			.run();
	}

	@AfterAll
	static void stop() {
		if (client != null) {
			client.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void namedClientPresentingATrustedCertificateIsServed() {
		RestClient backend = client.getBean("backendRestClient", RestClient.class);
		assertThat(backend.get().uri("/ping").retrieve().body(String.class)).isEqualTo("pong");
	}

	@Test
	void clientWithoutACertificateIsRefused() throws Exception {
		int port = ((WebServerApplicationContext) server).getWebServer().getPort();
		SSLContext trustOnly = SSLContext.getInstance("TLS");
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(dir.resolve("trust.p12"))) {
			trustStore.load(in, PASSWORD.toCharArray());
		}
		trust.init(trustStore);
		trustOnly.init(null, trust.getTrustManagers(), null);
		try (HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly).build()) {
			assertThatException().isThrownBy(() -> anonymous.send(
					HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/ping")).build(),
					BodyHandlers.ofString()))
				.isInstanceOf(IOException.class);
		}
	}

	private static String[] bundle(String name) {
		return new String[] { "spring.ssl.bundle.jks." + name + ".keystore.location=file:" + dir.resolve(name + ".p12"),
				"spring.ssl.bundle.jks." + name + ".keystore.password=" + PASSWORD,
				"spring.ssl.bundle.jks." + name + ".keystore.type=PKCS12",
				"spring.ssl.bundle.jks." + name + ".truststore.location=file:" + dir.resolve("trust.p12"),
				"spring.ssl.bundle.jks." + name + ".truststore.password=" + PASSWORD,
				"spring.ssl.bundle.jks." + name + ".truststore.type=PKCS12" };
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
		List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
