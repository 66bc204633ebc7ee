package dev.bulwark.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.security.testapp.IssuedTokensHttpTests;
import dev.bulwark.security.testapp.SecurityTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access rules as an attacker tries them, over real HTTP with the exact bytes of each request line: every method,
 * every spelling of a path that Spring MVC serves with the same handler, no token, a token lacking the scope and
 * tokens with each scope. A rule that allows GET allows HEAD and nothing else; a path a rule covers is refused for
 * other methods; a path no rule covers is refused (deny by default).
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bulwark.security.rules[0].paths=/api/orders,/api/orders/**",
				"bulwark.security.rules[0].methods=GET", "bulwark.security.rules[0].scopes=orders:read",
				"bulwark.security.rules[1].paths=/api/orders", "bulwark.security.rules[1].methods=POST",
				"bulwark.security.rules[1].scopes=orders:write" })
class AccessRulesHttpTests extends IssuedTokensHttpTests {

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE", "BREW");

	/** Each spelling Spring MVC serves as /api/orders, /api/orders/7: escaped letters. */
	private static final List<String> SERVED_AS_ORDERS = List.of("/api/orders", "/api/ord%65rs", "/%61pi/orders",
			"/api/%6Frders");

	private static final List<String> SERVED_AS_ONE_ORDER = List.of("/api/orders/7", "/api/ord%65rs/7",
			"/api/orders/%37");

	/**
	 * Spellings Spring Security's firewall refuses before any rule is asked: path parameters, dot segments, empty
	 * segments and escaped dots.
	 */
	private static final List<String> REFUSED = List.of("/api/orders;v=1", "/api;x=y/orders", "/api/orders/7;v=1",
			"/api/./orders", "/api/x/../orders", "/api//orders", "/api/orders/%2e%2e/orders");

	/** Spellings Tomcat refuses before anything else, whatever the method: an escaped slash, an escaped NUL. */
	private static final List<String> REFUSED_BY_TOMCAT = List.of("/api%2forders", "/api/orders%2F7", "/api/orders/7%00");

	@Test
	void everyMethodOnEverySpellingGetsTheAnswerTheRulesMean() throws IOException {
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("none", null);
		tokens.put("lacking", issuer.token("profile"));
		tokens.put("read", issuer.token("orders:read"));
		tokens.put("write", issuer.token("orders:write"));
		List<String> wrong = new ArrayList<>();
		for (String method : METHODS) {
			for (Map.Entry<String, String> token : tokens.entrySet()) {
				for (String path : SERVED_AS_ORDERS) {
					check(wrong, method, path, token, expected(method, token.getKey(), true));
				}
				for (String path : SERVED_AS_ONE_ORDER) {
					check(wrong, method, path, token, expected(method, token.getKey(), false));
				}
				for (String path : REFUSED) {
					check(wrong, method, path, token, method.equals("TRACE") ? 405 : 400);
				}
				for (String path : REFUSED_BY_TOMCAT) {
					check(wrong, method, path, token, 400);
				}
				// covered by /api/orders/**, served by nothing: the rule decides, then Spring MVC has no handler
				int trailing = expected(method, token.getKey(), false);
				check(wrong, method, "/api/orders/", token, (trailing == 200) ? 404 : trailing);
				// paths no rule covers, served or not: denied by default
				for (String path : List.of("/API/orders", "/api/docs/x", "/no/such/route")) {
					check(wrong, method, path, token, denied(method, token.getKey()));
				}
			}
		}
		assertThat(wrong).as("requests answered otherwise than the rules mean").isEmpty();
	}

	/**
	 * @param collection whether the path is /api/orders (GET with orders:read, POST with orders:write) or
	 * /api/orders/7 (GET with orders:read only)
	 */
	private static int expected(String method, String token, boolean collection) {
		return switch (method) {
			case "GET", "HEAD" -> token.equals("read") ? 200 : denied(method, token);
			case "POST" -> (collection && token.equals("write")) ? 200 : denied(method, token);
			default -> denied(method, token);
		};
	}

	private static int denied(String method, String token) {
		return switch (method) {
			// refused by Tomcat (TRACE) and by the firewall (a method it does not know) before any token is read
			case "TRACE" -> 405;
			case "BREW" -> 400;
			default -> token.equals("none") ? 401 : 403;
		};
	}

	private void check(List<String> wrong, String method, String path, Map.Entry<String, String> token,
			int expected) throws IOException {
		int status = rawStatus(method, path, token.getValue());
		if (status != expected) {
			wrong.add(method + " " + path + " with token " + token.getKey() + ": " + status + ", expected " + expected);
		}
	}

	/** The status of a request sent as these exact bytes, which no HTTP client would normalise. */
	private int rawStatus(String method, String path, String token) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			if (token != null) {
				request.append("Authorization: Bearer ").append(token).append("\r\n");
			}
			if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
				request.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
			}
			else {
				request.append("\r\n");
			}
			request.insert(request.indexOf("\r\n\r\n"), "\r\nConnection: close");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(statusLine.substring(9, 12));
		}
	}

}
