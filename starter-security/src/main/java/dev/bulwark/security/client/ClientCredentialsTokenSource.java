package dev.bulwark.security.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * A service's own access token by the OAuth2 client credentials grant (RFC 6749 §4.4), kept until shortly before it
 * expires. However many calls need it at once, one request fetches it: the others wait for that one. (Spring
 * Security's authorized-client managers do not promise a single fetch under concurrency.)
 */
public class ClientCredentialsTokenSource {

	static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

	private final RestClient tokenEndpoint;

	private final String clientId;

	private final String clientSecret;

	private final @Nullable String scope;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Token current;

	public ClientCredentialsTokenSource(URI tokenUri, String clientId, String clientSecret, @Nullable String scope) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
		// the fetch holds the lock that other callers wait on: it must not hang
		requests.setReadTimeout(Duration.ofSeconds(5));
		this.tokenEndpoint = RestClient.builder().requestFactory(requests).baseUrl(tokenUri.toString()).build();
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.scope = scope;
	}

	/**
	 * @return a valid access token
	 */
	public String token() {
		Token token = this.current;
		if (token != null && token.isFresh()) {
			return token.value();
		}
		this.lock.lock();
		try {
			token = this.current;
			if (token == null || !token.isFresh()) {
				token = fetch();
				this.current = token;
			}
			return token.value();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Token fetch() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		if (this.scope != null && !this.scope.isBlank()) {
			form.add("scope", this.scope);
		}
		Map<?, ?> response = this.tokenEndpoint.post()
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.headers((headers) -> headers.setBasicAuth(this.clientId, this.clientSecret))
			.body(form)
			.retrieve()
			.body(Map.class);
		Object accessToken = (response != null) ? response.get("access_token") : null;
		if (!(accessToken instanceof String value)) {
			throw new IllegalStateException("The token endpoint answered without an access_token");
		}
		Object expiresIn = response.get("expires_in");
		long seconds = (expiresIn instanceof Number number) ? number.longValue() : 60;
		return new Token(value, Instant.now().plusSeconds(seconds).minus(EXPIRY_MARGIN));
	}

	private record Token(String value, Instant refreshAt) {

		boolean isFresh() {
			return Instant.now().isBefore(this.refreshAt);
		}

	}

}
