package dev.bulwark.security;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bulwark.security.testapp.IssuedTokensHttpTests;
import dev.bulwark.security.testapp.SecurityTestApplication;
import dev.bulwark.test.security.AccessRulesAttack;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The access rules as an attacker tries them, with the test kit's {@link AccessRulesAttack}: every method, every
 * spelling of each path, no token, a token lacking the scope, tokens with each scope and forged tokens. A rule that
 * allows GET allows HEAD and nothing else; a path a rule covers is refused for other methods; a path no rule covers
 * is refused (deny by default).
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.security.rules[0].paths=/api/orders,/api/orders/**",
				"bulwark.security.rules[0].methods=GET", "bulwark.security.rules[0].scopes=orders:read",
				"bulwark.security.rules[1].paths=/api/orders", "bulwark.security.rules[1].methods=POST",
				"bulwark.security.rules[1].scopes=orders:write" })
class AccessRulesHttpTests extends IssuedTokensHttpTests {

	@Test
	void everyMethodOnEverySpellingGetsTheAnswerTheRulesMean() {
		AccessRulesAttack.on(this.port)
			.token("lacking", issuer.token("profile"))
			.token("read", issuer.token("orders:read"))
			.token("write", issuer.token("orders:write"))
			.forgedTokens(issuer, "orders:read orders:write")
			.route("/api/orders", Map.of("GET", Set.of("read"), "POST", Set.of("write")))
			.route("/api/orders/7", Map.of("GET", Set.of("read")))
			// paths no rule covers, served or not: denied by default
			.route("/api/docs/x", Map.of())
			.route("/no/such/route", Map.of())
			.assertHolds();
	}

}
