package dev.bulwark.test.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import org.jspecify.annotations.Nullable;

import dev.bulwark.test.jwt.TestTokenIssuer;

/**
 * The attack table a team points at its own running service, to prove that its access rules hold as an attacker
 * tries them: every HTTP method against every route, every spelling of each path (escaped letters, which Spring MVC
 * serves as the same handler; path parameters, dot segments, empty segments, escaped slashes and dots, a changed
 * case, a trailing slash, which it does not), no token, the team's tokens, and forged ones (unsigned, signed by
 * another key, expired, for another audience or issuer, of another type, without a subject, oversized). Requests are
 * sent as exact bytes over a socket, so that no client normalises them.
 * <p>
 * What it expects: on the spelling a route is written in, a token a rule allows (GET also allows HEAD) gets past
 * the rules (anything but 401 and 403; the handler may still answer 400 or 404), no token is 401, any other token
 * 403, a forged token 401 (an oversized one may meet the server's header limit first: 400 or 431). Every spelling that Spring MVC serves as the same handler gets the same status as the
 * route's own spelling; every other spelling, and TRACE or an unknown method, never succeeds. {@link #assertHolds()}
 * lists every request answered otherwise.
 * <p>
 * It sends every method to every route, writes included, with tokens that may write: point it at a test instance.
 * Rate limits see a few hundred requests per token; raise them for the test.
 */
public final class AccessRulesAttack {

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE", "BREW");

	private final String host;

	private final int port;

	private final Map<String, @Nullable String> tokens = new LinkedHashMap<>();

	private final Map<String, String> forged = new LinkedHashMap<>();

	private final Map<String, Map<String, Set<String>>> routes = new LinkedHashMap<>();

	private AccessRulesAttack(String host, int port) {
		this.host = host;
		this.port = port;
		this.tokens.put("none", null);
	}

	/**
	 * @param port the service's HTTP port on 127.0.0.1
	 * @return an attack with no routes and no tokens yet
	 */
	public static AccessRulesAttack on(int port) {
		return new AccessRulesAttack("127.0.0.1", port);
	}

	/**
	 * A valid token to try on every route.
	 * @param name how the table names it (and how routes refer to it)
	 * @param token the token
	 * @return this attack
	 */
	public AccessRulesAttack token(String name, String token) {
		this.tokens.put(name, token);
		return this;
	}

	/**
	 * Forged tokens, each refused with 401 wherever it is sent: they claim {@code scope} and are otherwise what
	 * {@code issuer} issues, except in the one way each is forged.
	 * @param issuer the test issuer the service trusts
	 * @param scope scopes that would let a genuine token through
	 * @return this attack
	 */
	public AccessRulesAttack forgedTokens(TestTokenIssuer issuer, String scope) {
		RSAKey stranger;
		try {
			stranger = new RSAKeyGenerator(2048).keyID(issuer.rsa.getKeyID()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		Instant now = Instant.now();
		this.forged.put("unsigned (alg none)",
				new PlainJWT(TestTokenIssuer.claims((claims) -> claims.claim("scope", scope))).serialize());
		this.forged.put("signed by another key with the issuer's key id",
				TestTokenIssuer.sign(signer(stranger), header(stranger, JOSEObjectType.JWT),
						(claims) -> claims.claim("scope", scope)));
		this.forged.put("expired", issuer.rs256((claims) -> claims.claim("scope", scope)
			.issueTime(Date.from(now.minus(Duration.ofHours(2))))
			.expirationTime(Date.from(now.minus(Duration.ofHours(1))))));
		this.forged.put("for another audience",
				issuer.rs256((claims) -> claims.claim("scope", scope).audience("another-api")));
		this.forged.put("without an audience", issuer.rs256((claims) -> claims.claim("scope", scope).audience(List.of())));
		this.forged.put("from another issuer",
				issuer.rs256((claims) -> claims.claim("scope", scope).issuer("https://another.test")));
		this.forged.put("without an issuer", issuer.rs256((claims) -> claims.claim("scope", scope).issuer(null)));
		this.forged.put("without a subject", issuer.rs256((claims) -> claims.claim("scope", scope).subject(null)));
		this.forged.put("an ID token (typ id_token+jwt)",
				TestTokenIssuer.sign(signer(issuer.rsa), header(issuer.rsa, new JOSEObjectType("id_token+jwt")),
						(claims) -> claims.claim("scope", scope)));
		this.forged.put("oversized (9 KB)",
				issuer.rs256((claims) -> claims.claim("scope", scope).claim("pad", "x".repeat(9000))));
		this.forged.put("not a JWT", "garbage-token");
		return this;
	}

	/**
	 * A route and what its rules allow.
	 * @param path the path as the service's routes are written, with any variable filled in ({@code /api/orders/7})
	 * @param allowed for each method a rule allows, the names of the tokens it allows; a path no rule covers has
	 * none
	 * @return this attack
	 */
	public AccessRulesAttack route(String path, Map<String, Set<String>> allowed) {
		this.routes.put(path, allowed);
		return this;
	}

	/**
	 * Sends the whole table.
	 * @return each request answered otherwise than the rules mean, as "METHOD path with token: status, expected ..."
	 */
	public List<String> run() {
		List<String> wrong = new ArrayList<>();
		Map<String, @Nullable String> everyToken = new LinkedHashMap<>(this.tokens);
		everyToken.putAll(this.forged);
		for (Map.Entry<String, Map<String, Set<String>>> route : this.routes.entrySet()) {
			for (String method : METHODS) {
				for (Map.Entry<String, @Nullable String> token : everyToken.entrySet()) {
					int canonical = status(method, route.getKey(), token.getValue());
					String problem = expectation(method, route.getValue(), token.getKey(), canonical);
					if (problem != null) {
						wrong.add(method + " " + route.getKey() + " with token " + token.getKey() + ": " + canonical
								+ ", expected " + problem);
					}
					for (String spelling : servedAsTheSame(route.getKey())) {
						int status = status(method, spelling, token.getValue());
						if (status != canonical) {
							wrong.add(method + " " + spelling + " with token " + token.getKey() + ": " + status
									+ ", expected " + canonical + " as for " + route.getKey());
						}
					}
					for (String spelling : servedAsAnother(route.getKey())) {
						int status = status(method, spelling, token.getValue());
						if (status < 400) {
							wrong.add(method + " " + spelling + " with token " + token.getKey() + ": " + status
									+ ", expected a refusal: Spring MVC does not serve it as " + route.getKey());
						}
					}
				}
			}
		}
		return wrong;
	}

	/**
	 * Sends the whole table and fails, listing them, when any request was answered otherwise than the rules mean.
	 */
	public void assertHolds() {
		List<String> wrong = run();
		if (!wrong.isEmpty()) {
			throw new AssertionError(wrong.size() + " requests answered otherwise than the access rules mean:\n"
					+ String.join("\n", wrong));
		}
	}

	private @Nullable String expectation(String method, Map<String, Set<String>> allowed, String token, int status) {
		if (method.equals("TRACE") || method.equals("BREW")) {
			return (status >= 400) ? null : "a refusal";
		}
		if (this.forged.containsKey(token)) {
			// an oversized token may be refused by the server's header limit before the token is read
			boolean refused = (status == 401) || (token.startsWith("oversized") && (status == 400 || status == 431));
			return refused ? null : "401";
		}
		Set<String> allowedTokens = allowed.getOrDefault(method.equals("HEAD") ? "GET" : method, Set.of());
		if (allowedTokens.contains(token)) {
			return (status != 401 && status != 403) ? null : "past the rules (not 401 or 403)";
		}
		int refusal = token.equals("none") ? 401 : 403;
		return (status == refusal) ? null : Integer.toString(refusal);
	}

	/**
	 * @param path a path as the routes are written
	 * @return spellings Spring MVC serves with the same handler: one letter of each segment percent-encoded
	 */
	public static List<String> servedAsTheSame(String path) {
		Set<String> spellings = new LinkedHashSet<>();
		String[] segments = path.substring(1).split("/");
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			int letter = 0;
			while (letter < segment.length() && !Character.isLetterOrDigit(segment.charAt(letter))) {
				letter++;
			}
			if (letter == segment.length()) {
				continue;
			}
			String[] spelled = segments.clone();
			spelled[i] = segment.substring(0, letter)
					+ String.format(Locale.ROOT, "%%%02X", (int) segment.charAt(letter)) + segment.substring(letter + 1);
			spellings.add("/" + String.join("/", spelled));
		}
		return List.copyOf(spellings);
	}

	/**
	 * @param path a path as the routes are written
	 * @return spellings that look like it but that Spring MVC does not serve as it: path parameters, dot segments,
	 * an empty segment, escaped slashes and dots, an escaped NUL, a changed case, a trailing slash
	 */
	public static List<String> servedAsAnother(String path) {
		int last = path.lastIndexOf('/');
		String parent = path.substring(0, last);
		String leaf = path.substring(last + 1);
		return List.of(path + ";v=1", parent + ";x=y/" + leaf, parent + "/./" + leaf, parent + "/x/../" + leaf,
				parent + "//" + leaf, parent + "%2F" + leaf, path + "/%2e%2e/" + leaf, path + "%00",
				path.toUpperCase(Locale.ROOT), path + "/");
	}

	/** The status of a request sent as these exact bytes, which no HTTP client would normalise. */
	private int status(String method, String path, @Nullable String token) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + this.host
					+ "\r\nConnection: close\r\n");
			if (token != null) {
				request.append("Authorization: Bearer ").append(token).append("\r\n");
			}
			if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
				request.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
			}
			else {
				request.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No answer to " + method + " " + path, ex);
		}
	}

	private static RSASSASigner signer(RSAKey key) {
		try {
			return new RSASSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWSHeader header(RSAKey key, JOSEObjectType type) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build();
	}

}
