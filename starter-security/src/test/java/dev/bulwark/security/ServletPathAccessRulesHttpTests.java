package dev.bulwark.security;

import org.junit.jupiter.api.Test;

import dev.bulwark.security.testapp.IssuedTokensHttpTests;
import dev.bulwark.security.testapp.SecurityTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC's DispatcherServlet mapped to {@code /mvc/*} ({@code spring.mvc.servlet.path}): the access rules'
 * paths are the paths Spring MVC routes by, within the servlet, in every spelling that reaches the handler, and the
 * plain-path lookup and Spring Security's matchers agree.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.servlet.path=/mvc", "bulwark.security.rules[0].paths=/api/orders,/api/orders/{id}",
				"bulwark.security.rules[0].methods=GET", "bulwark.security.rules[0].scopes=orders:read" })
class ServletPathAccessRulesHttpTests extends IssuedTokensHttpTests {

	@Test
	void rulesApplyToThePathsWithinTheServlet() throws Exception {
		String reader = issuer.token("orders:read");
		String other = issuer.token("profile");
		for (String path : new String[] { "/mvc/api/orders", "/mvc/api/ord%65rs", "/mvc/api/orders/7",
				"/mvc/api/%6Frders/7" }) {
			assertThat(status("GET", path, null)).as(path).isEqualTo(401);
			assertThat(status("GET", path, other)).as(path).isEqualTo(403);
			assertThat(status("GET", path, reader)).as(path).isEqualTo(200);
			assertThat(status("HEAD", path, reader)).as(path).isEqualTo(200);
			assertThat(status("DELETE", path, reader)).as(path).isEqualTo(403);
		}
		// what Spring MVC serves moves under the servlet path, its access with it; outside it no servlet is mapped, and
		// the container answers 404 before any filter
		assertThat(status("GET", "/mvc/health", null)).isEqualTo(200);
		assertThat(status("GET", "/api/orders", reader)).isEqualTo(404);
		assertThat(status("GET", "/health", null)).isEqualTo(404);
	}

}
