package dev.bulwark.core.defaults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.bulwark.core.testapp.CoreTestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC's {@link ServletRequestHandledEvent}, off by Bulwark's default: no event is built and published for
 * every request.
 */
@SpringBootTest(classes = CoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestHandledEventsHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void shouldPublishNoEventPerRequest() throws Exception {
		List<ServletRequestHandledEvent> events = new CopyOnWriteArrayList<>();
		ApplicationListener<ServletRequestHandledEvent> listener = events::add;
		this.context.addApplicationListener(listener);
		try {
			// Tomcat finishes the response after the dispatcher servlet, which publishes the event, has returned
			int status = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/test/items/7")).build(),
						BodyHandlers.ofString())
				.statusCode();
			assertThat(status).isEqualTo(200);
			assertThat(events).isEmpty();
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
	}

}
