package dev.bulwark.bench.tools;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import dev.bulwark.test.jwt.TestTokenIssuer;

/**
 * What the three applications talk to during a benchmark, on loopback: a JWK set with an RS256 key (the token
 * issuer of starter-test) and an OTLP/HTTP sink that accepts and discards spans and metrics. Writes
 * {@code BENCH_JWKS}, {@code BENCH_OTLP} and {@code BENCH_TOKEN} (valid four hours) as shell assignments to the
 * file given as argument, then serves until killed.
 */
public final class BenchSupport {

	private BenchSupport() {
	}

	public static void main(String[] args) throws Exception {
		TestTokenIssuer issuer = new TestTokenIssuer();
		String token = issuer.rs256((claims) -> claims.claim("scope", "bench")
			.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(4)))));
		AtomicLong exports = new AtomicLong();
		HttpServer otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		otlp.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exports.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		otlp.start();
		String environment = "BENCH_JWKS=" + issuer.jwksUri() + "\nBENCH_OTLP=http://127.0.0.1:"
				+ otlp.getAddress().getPort() + "\nBENCH_TOKEN=" + token + "\n";
		Path out = Path.of(args[0]);
		Path partial = out.resolveSibling(out.getFileName() + ".tmp");
		Files.writeString(partial, environment, StandardCharsets.UTF_8);
		Files.move(partial, out);
		new CountDownLatch(1).await();
	}

}
