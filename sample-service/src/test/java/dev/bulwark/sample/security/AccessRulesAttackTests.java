package dev.bulwark.sample.security;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.support.SampleTokens;
import dev.bulwark.test.security.AccessRulesAttack;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample's access rules under the test kit's attack table: every method, every spelling of each route, no
 * token, tokens with and without each scope, and forged tokens. The rate limit is raised so that the table's few
 * thousand requests meet the rules, not the limit.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.resilience.rate-limit.rules[0].name=orders",
				"bulwark.resilience.rate-limit.rules[0].paths=/api/orders,/api/orders/**",
				"bulwark.resilience.rate-limit.rules[0].requests-per-second=100000",
				"bulwark.resilience.rate-limit.rules[0].burst=100000" })
class AccessRulesAttackTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@Test
	void everyRuleHoldsForEveryMethodSpellingAndToken() {
		// tag::attack[]
		AccessRulesAttack.on(this.port)
			.token("lacking", SampleTokens.token("profile"))
			.token("read", SampleTokens.token("orders:read"))
			.token("write", SampleTokens.token("orders:write"))
			.token("admin", SampleTokens.token("orders:read orders:admin"))
			.forgedTokens(SampleTokens.issuer(), "orders:read orders:write orders:admin")
			.route("/api/orders", Map.of("GET", Set.of("read", "admin"), "POST", Set.of("write")))
			.route("/api/orders/7", Map.of("GET", Set.of("read", "admin")))
			.route("/api/order-summaries/7", Map.of("GET", Set.of("read", "admin")))
			.route("/actuator/env", Map.of())
			.route("/no/such/route", Map.of())
			.assertHolds();
		// end::attack[]
	}

}
