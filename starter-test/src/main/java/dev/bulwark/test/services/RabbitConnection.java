package dev.bulwark.test.services;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh RabbitMQ virtual host per test class, made and deleted through the management API
 * ({@code bulwark.test.rabbitmq.management-url}, by default port 15672 of the broker's host).
 */
final class RabbitConnection {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private RabbitConnection() {
	}

	static void register(ConfigurableApplicationContext context, DefaultListableBeanFactory beans,
			ServiceEndpoint endpoint, String vhost) {
		String user = (endpoint.user() != null) ? endpoint.user() : "guest";
		String password = (endpoint.password() != null) ? endpoint.password() : "guest";
		String management = ServiceEndpoints.setting("bulwark.test.rabbitmq.management-url",
				"http://" + endpoint.host() + ":15672");
		String path = management + "/api/vhosts/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
		send(user, password, "PUT", path, "{}");
		DisposableBean delete = () -> send(user, password, "DELETE", path, null);
		beans.registerDisposableBean("bulwarkTestVirtualHostDelete", delete);
		send(user, password, "PUT", management + "/api/permissions/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8)
				+ "/" + URLEncoder.encode(user, StandardCharsets.UTF_8),
				"{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
		RabbitConnectionDetails details = new RabbitConnectionDetails() {

			@Override
			public String getUsername() {
				return user;
			}

			@Override
			public String getPassword() {
				return password;
			}

			@Override
			public String getVirtualHost() {
				return vhost;
			}

			@Override
			public List<Address> getAddresses() {
				return List.of(new Address(endpoint.host(), endpoint.port()));
			}

		};
		beans.registerSingleton("bulwarkTestRabbitConnectionDetails", details);
		TestPropertyValues.of("bulwark.test.rabbitmq.virtual-host=" + vhost).applyTo(context);
	}

	private static void send(String user, String password, String method, String url, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
				throw new IllegalStateException("RabbitMQ's management API answered " + response.statusCode() + " to "
						+ method + " " + url + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("A virtual host per test class needs RabbitMQ's management API at " + url
					+ " (rabbitmq-plugins enable rabbitmq_management, or set bulwark.test.rabbitmq.management-url)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
