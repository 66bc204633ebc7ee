package dev.bulwark.security.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens for the named clients of {@code bulwark.resilience.clients}, by the same names.
 */
@ConfigurationProperties("bulwark.security")
public class ClientTokenProperties {

	/**
	 * Token of each named client.
	 */
	private Map<String, Client> clients = new LinkedHashMap<>();

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Client> clients) {
		this.clients = clients;
	}

	/**
	 * Where a named client's bearer token comes from.
	 */
	public enum TokenSource {

		/**
		 * No token.
		 */
		NONE,

		/**
		 * The service's own token, by the OAuth2 client credentials grant.
		 */
		CLIENT_CREDENTIALS,

		/**
		 * The caller's token, passed on unchanged.
		 */
		RELAY

	}

	/**
	 * One named client's token.
	 */
	public static class Client {

		/**
		 * Where the token comes from.
		 */
		private TokenSource token = TokenSource.NONE;

		/**
		 * Token endpoint of the authorization server, for client credentials.
		 */
		private @Nullable URI tokenUri;

		/**
		 * Client id, for client credentials.
		 */
		private @Nullable String clientId;

		/**
		 * Client secret, for client credentials. Keep it out of files: set it from the environment or a mounted
		 * secret (spring.config.import=configtree:...).
		 */
		private @Nullable String clientSecret;

		/**
		 * Scopes to ask for, space-separated.
		 */
		private @Nullable String scope;

		public TokenSource getToken() {
			return this.token;
		}

		public void setToken(TokenSource token) {
			this.token = token;
		}

		public @Nullable URI getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(@Nullable URI tokenUri) {
			this.tokenUri = tokenUri;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable String getScope() {
			return this.scope;
		}

		public void setScope(@Nullable String scope) {
			this.scope = scope;
		}

	}

}
