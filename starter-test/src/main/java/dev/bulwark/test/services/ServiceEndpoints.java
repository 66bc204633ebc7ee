package dev.bulwark.test.services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Finds each service once per test run: a container when a Docker engine is available (and the mode allows it),
 * otherwise the running service at its configured or usual address, which must accept a connection.
 */
public final class ServiceEndpoints {

	private static final Map<ExternalService, Resolution> resolved = new ConcurrentHashMap<>();

	private ServiceEndpoints() {
	}

	/**
	 * @param service a service
	 * @return where it runs, or why it cannot be had
	 */
	public static Resolution resolve(ExternalService service) {
		return resolved.computeIfAbsent(service, ServiceEndpoints::find);
	}

	private static Resolution find(ExternalService service) {
		String mode = setting("bulwark.test.services.mode", "auto").toLowerCase(Locale.ROOT);
		String containerProblem = "no Docker engine";
		if (!mode.equals("running") && service.image() != null && dockerAvailable()) {
			try {
				return new Resolution(Containers.start(service), null);
			}
			catch (RuntimeException ex) {
				// an image that cannot be pulled (a closed network) falls back to the running service
				containerProblem = "the " + service.key() + " container (" + service.image() + ") did not start: "
						+ ex.getMessage();
			}
		}
		if (mode.equals("docker")) {
			return new Resolution(null, service.key() + " needs a container (bulwark.test.services.mode=docker): "
					+ containerProblem);
		}
		String url = setting("bulwark.test." + service.key() + ".url", service.defaultUrl());
		ServiceEndpoint endpoint = ServiceEndpoint.of(service, url, false);
		if (!accepts(endpoint.host(), endpoint.port())) {
			return new Resolution(null, "no " + service.key() + " at " + endpoint.host() + ":" + endpoint.port()
					+ " and " + containerProblem + "; start it there, point bulwark.test." + service.key()
					+ ".url (or BULWARK_TEST_" + service.name() + "_URL) at one, or make Docker available");
		}
		return new Resolution(endpoint, null);
	}

	/**
	 * A setting from a system property or, upper-cased with underscores, from the environment.
	 * @param name the setting, such as {@code bulwark.test.postgresql.url}
	 * @param defaultValue the value when neither has it
	 * @return the value
	 */
	static String setting(String name, String defaultValue) {
		String value = System.getProperty(name);
		if (value == null) {
			value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
		}
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

	private static boolean dockerAvailable() {
		if (!ClassUtils.isPresent("org.testcontainers.DockerClientFactory", ServiceEndpoints.class.getClassLoader())) {
			return false;
		}
		return Containers.dockerAvailable();
	}

	private static boolean accepts(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The outcome of looking for a service.
	 *
	 * @param endpoint where it runs, or {@code null}
	 * @param problem why it cannot be had, or {@code null}
	 */
	public record Resolution(@Nullable ServiceEndpoint endpoint, @Nullable String problem) {
	}

}
