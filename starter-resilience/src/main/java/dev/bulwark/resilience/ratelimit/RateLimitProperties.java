package dev.bulwark.resilience.ratelimit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Inbound rate limits. Each rule is a token bucket per client: it holds up to {@code burst} requests and refills at
 * {@code requests-per-second}.
 */
@ConfigurationProperties("bulwark.resilience.rate-limit")
public class RateLimitProperties {

	/**
	 * Whether the rules are enforced.
	 */
	private boolean enabled = true;

	/**
	 * Where the buckets live: in this instance's memory, or in Redis so that all instances share one limit.
	 */
	private Store store = Store.MEMORY;

	/**
	 * Prefix of the Redis keys holding the buckets.
	 */
	private String redisKeyPrefix = "bulwark:rate-limit:";

	/**
	 * Request header holding a client's API key, for rules keyed by API key.
	 */
	private String apiKeyHeader = "X-Api-Key";

	/**
	 * Most clients tracked in memory; the least recently seen are forgotten first.
	 */
	private int maxClients = 100_000;

	/**
	 * The rules, tried in order; the first whose path and method match a request applies.
	 */
	private List<Rule> rules = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public String getRedisKeyPrefix() {
		return this.redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	public String getApiKeyHeader() {
		return this.apiKeyHeader;
	}

	public void setApiKeyHeader(String apiKeyHeader) {
		this.apiKeyHeader = apiKeyHeader;
	}

	public int getMaxClients() {
		return this.maxClients;
	}

	public void setMaxClients(int maxClients) {
		this.maxClients = maxClients;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * Where rate-limit buckets are kept.
	 */
	public enum Store {

		/**
		 * In this instance's memory: each instance enforces the limit on its own.
		 */
		MEMORY,

		/**
		 * In Redis: all instances share one limit per client.
		 */
		REDIS

	}

	/**
	 * What identifies a client.
	 */
	public enum KeyType {

		/**
		 * The authenticated subject; the remote address for unauthenticated requests.
		 */
		SUBJECT,

		/**
		 * The API key header; the remote address when it is absent.
		 */
		API_KEY,

		/**
		 * The remote address.
		 */
		IP

	}

	/**
	 * One rate limit.
	 */
	public static class Rule {

		/**
		 * Name of the policy, shown in the RateLimit-Policy and RateLimit headers.
		 */
		private String name = "default";

		/**
		 * Path patterns (Spring's PathPattern syntax, matched as Spring MVC routes: an escaped or parameterised
		 * spelling of a path counts as that path) the rule applies to.
		 */
		private List<String> paths = new ArrayList<>(List.of("/**"));

		/**
		 * HTTP methods the rule applies to; empty for all.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Sustained rate allowed per client.
		 */
		private double requestsPerSecond = 10;

		/**
		 * Requests a client may make at once after being idle.
		 */
		private int burst = 20;

		/**
		 * What identifies a client.
		 */
		private KeyType key = KeyType.SUBJECT;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public double getRequestsPerSecond() {
			return this.requestsPerSecond;
		}

		public void setRequestsPerSecond(double requestsPerSecond) {
			this.requestsPerSecond = requestsPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public KeyType getKey() {
			return this.key;
		}

		public void setKey(KeyType key) {
			this.key = key;
		}

	}

}
