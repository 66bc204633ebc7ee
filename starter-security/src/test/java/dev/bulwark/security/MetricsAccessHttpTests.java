package dev.bulwark.security;

import org.junit.jupiter.api.Test;

import dev.bulwark.security.testapp.IssuedTokensHttpTests;
import dev.bulwark.security.testapp.SecurityTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access settings users change from the defaults: with {@code bulwark.security.metrics-access: role} the
 * Prometheus scrape's alias needs the metrics role, in every spelling and method that reaches it (the test
 * application serves no scrape, so passing is a 404); with {@code bulwark.security.default-access: authenticated} a
 * path no rule covers takes any valid token, as earlier versions did, while methods no rule allows on a covered path
 * stay refused.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.security.metrics-access=role", "bulwark.security.default-access=authenticated",
				"bulwark.security.rules[0].paths=/api/orders", "bulwark.security.rules[0].methods=GET",
				"bulwark.security.rules[0].scopes=orders:read" })
class MetricsAccessHttpTests extends IssuedTokensHttpTests {

	@Test
	void theScrapeNeedsTheMetricsRole() throws Exception {
		String scraper = issuer.rs256((claims) -> claims.claim("roles", java.util.List.of("METRICS")));
		String other = issuer.token("orders:read");
		for (String path : new String[] { "/metrics", "/m%65trics" }) {
			for (String method : new String[] { "GET", "HEAD" }) {
				assertThat(status(method, path, null)).as(method + " " + path).isEqualTo(401);
				assertThat(status(method, path, other)).as(method + " " + path).isEqualTo(403);
				assertThat(status(method, path, scraper)).as(method + " " + path + ", let through").isEqualTo(404);
			}
		}
		assertThat(status("GET", "/health", null)).as("probes stay public").isEqualTo(200);
	}

	@Test
	void withAuthenticatedDefaultAccessAPathNoRuleCoversTakesAnyValidToken() throws Exception {
		String token = issuer.token("profile");
		assertThat(status("GET", "/no/such/route", null)).isEqualTo(401);
		assertThat(status("GET", "/no/such/route", token)).as("let through, nothing served").isEqualTo(404);
		assertThat(status("POST", "/api/admin", token)).as("let through, no POST handler").isEqualTo(405);
		assertThat(status("DELETE", "/api/orders", token)).as("a covered path, a method no rule allows").isEqualTo(403);
		assertThat(status("HEAD", "/api/orders", token)).as("the rule's scope is still needed").isEqualTo(403);
	}

}
