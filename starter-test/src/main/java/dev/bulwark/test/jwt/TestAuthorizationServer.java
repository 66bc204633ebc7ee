package dev.bulwark.test.jwt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real identity provider for tests: Spring Authorization Server on a loopback port, with OpenID discovery
 * ({@code /.well-known/openid-configuration}), a key set, and client-credentials tokens for the clients it is given,
 * each with its scopes and the audience its tokens carry. It can be stopped (the port refuses), started again, and
 * restarted with a new signing key (a rotation: the old key leaves the key set). The issuer is
 * {@code http://127.0.0.1:<port>} and keeps its port across restarts.
 * <p>
 * Needs {@code org.springframework.security:spring-security-oauth2-authorization-server} on the test classpath, not
 * Boot's authorization-server starter: that starter's auto-configuration defines a {@code JwtDecoder} and a
 * {@code JWKSource} in every servlet application on the classpath, so it would enter the service under test.
 */
public final class TestAuthorizationServer implements AutoCloseable {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final List<Client> clients;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile RSAKey key;

	private volatile int port;

	private volatile @Nullable ConfigurableApplicationContext context;

	private TestAuthorizationServer(List<Client> clients) {
		this.clients = clients;
		this.key = newKey();
	}

	/**
	 * @param clients the clients it issues tokens to
	 * @return a started authorization server
	 */
	public static TestAuthorizationServer start(Client... clients) {
		TestAuthorizationServer server = new TestAuthorizationServer(List.of(clients));
		server.start();
		return server;
	}

	/**
	 * Starts it (again), on the port it had, with the key it had.
	 */
	public synchronized void start() {
		if (this.context != null) {
			return;
		}
		ConfigurableApplicationContext started = new SpringApplicationBuilder(Server.class)
			.web(WebApplicationType.SERVLET)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testAuthorizationServer", this))
			.properties("server.port=" + this.port, "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"server.shutdown=immediate")
			.run();
		this.port = ((WebServerApplicationContext) started).getWebServer().getPort();
		this.context = started;
	}

	/**
	 * Stops it: its port refuses connections until {@link #start()}.
	 */
	public synchronized void stop() {
		ConfigurableApplicationContext running = this.context;
		this.context = null;
		if (running != null) {
			running.close();
		}
	}

	/**
	 * Restarts it with a new signing key: tokens signed before are signed by a key no longer in its key set.
	 */
	public synchronized void rotateKey() {
		stop();
		this.key = newKey();
		start();
	}

	/**
	 * @return the issuer, as tokens carry it in {@code iss} and discovery is found under it
	 */
	public String issuerUri() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * @return the id of the key it signs with now
	 */
	public String keyId() {
		return this.key.getKeyID();
	}

	/**
	 * @param audience the audience the service under test accepts
	 * @return Spring Boot's properties that point a service at this issuer: the issuer URI (keys found by discovery)
	 * and the audience
	 */
	public Map<String, String> properties(String audience) {
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuerUri(),
				"spring.security.oauth2.resourceserver.jwt.audiences", audience);
	}

	/**
	 * Asks the token endpoint for a client-credentials token, over HTTP.
	 * @param clientId a client given to {@link #start(Client...)}
	 * @param scopes the scopes asked for, among the client's; none asks for all of them
	 * @return the access token
	 */
	public String token(String clientId, String... scopes) {
		Client client = this.clients.stream()
			.filter((candidate) -> candidate.id().equals(clientId))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No client " + clientId));
		String scope = String.join(" ", (scopes.length > 0) ? Set.of(scopes) : client.scopes());
		String credentials = Base64.getEncoder()
			.encodeToString((client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri() + "/oauth2/token"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("grant_type=client_credentials&scope="
					+ URLEncoder.encode(scope, StandardCharsets.UTF_8)))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			Matcher token = ACCESS_TOKEN.matcher(response.body());
			if (response.statusCode() != 200 || !token.find()) {
				throw new IllegalStateException("No token for " + clientId + ": " + response.statusCode() + " "
						+ response.body());
			}
			return token.group(1);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The authorization server cannot be reached", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("sas-" + UUID.randomUUID()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client of the authorization server, allowed the client-credentials grant. Its tokens have the client id as
	 * subject.
	 *
	 * @param id the client id, and its tokens' subject
	 * @param secret its secret
	 * @param audience the audience its tokens carry
	 * @param scopes the scopes it may ask for
	 */
	public record Client(String id, String secret, String audience, Set<String> scopes) {

		/**
		 * @param id the client id, and its tokens' subject
		 * @param audience the audience its tokens carry
		 * @param scopes the scopes it may ask for
		 * @return the client, with a secret of its own
		 */
		public static Client of(String id, String audience, String... scopes) {
			return new Client(id, UUID.randomUUID().toString(), audience, Set.of(scopes));
		}

	}

	/**
	 * The authorization server's application: Spring Authorization Server's endpoints (token, key set, discovery)
	 * are filters, served by an embedded Tomcat; nothing else is configured automatically.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class })
	static class Server {

		@Bean
		SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
			OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
			return http.securityMatcher(authorizationServer.getEndpointsMatcher())
				.with(authorizationServer, (server) -> server.oidc((oidc) -> {
				}))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		RegisteredClientRepository registeredClients(TestAuthorizationServer server) {
			return new InMemoryRegisteredClientRepository(server.clients.stream()
				.map((client) -> RegisteredClient.withId(client.id())
					.clientId(client.id())
					.clientSecret("{noop}" + client.secret())
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scopes((scopes) -> scopes.addAll(client.scopes()))
					.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
					.build())
				.toList());
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(TestAuthorizationServer server) {
			return new ImmutableJWKSet<>(new JWKSet(server.key));
		}

		/** For its OpenID user-info endpoint, which it guards with its own tokens. */
		@Bean
		JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
			return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings(TestAuthorizationServer server) {
			// the issuer is fixed by the port chosen at the first start (0 until then: derived from the request)
			return (server.port != 0) ? AuthorizationServerSettings.builder().issuer(server.issuerUri()).build()
					: AuthorizationServerSettings.builder().build();
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> audience(TestAuthorizationServer server) {
			return (context) -> {
				if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
					server.clients.stream()
						.filter((client) -> client.id().equals(context.getRegisteredClient().getClientId()))
						.findFirst()
						.ifPresent((client) -> context.getClaims().audience(List.of(client.audience())));
				}
			};
		}

	}

}
