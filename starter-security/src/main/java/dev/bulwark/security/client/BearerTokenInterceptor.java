package dev.bulwark.security.client;

import java.io.IOException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Adds a bearer token to each outbound request: the service's own (client credentials) or the caller's (relay).
 */
public final class BearerTokenInterceptor implements ClientHttpRequestInterceptor {

	private final Supplier<@Nullable String> token;

	private BearerTokenInterceptor(Supplier<@Nullable String> token) {
		this.token = token;
	}

	/**
	 * @param source the service's token
	 * @return an interceptor sending the service's own token
	 */
	public static BearerTokenInterceptor clientCredentials(ClientCredentialsTokenSource source) {
		return new BearerTokenInterceptor(source::token);
	}

	/**
	 * @return an interceptor passing on the token of the request being served, on this thread
	 */
	public static BearerTokenInterceptor relay() {
		return new BearerTokenInterceptor(() -> {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> oauth)
					? oauth.getToken().getTokenValue() : null;
		});
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String value = this.token.get();
		if (value != null && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
			request.getHeaders().setBearerAuth(value);
		}
		return execution.execute(request, body);
	}

}
