package dev.bulwark.grpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What Bulwark adds to a gRPC server run by Spring gRPC. Where the server listens, TLS, message sizes, reflection and
 * the shutdown grace period are Spring gRPC's own {@code spring.grpc.server.*} properties.
 */
@ConfigurationProperties("bulwark.grpc.server")
public class GrpcServerProperties {

	/**
	 * Whether Bulwark guards the gRPC server (correlation ids, access rules, deadlines, limits, status mapping, health).
	 */
	private boolean enabled = true;

	/**
	 * Deadline of the work for a call whose client set none: while the call runs it caps the outbound calls made
	 * through Bulwark's HTTP and gRPC clients; unset for none.
	 */
	private @Nullable Duration defaultDeadline = Duration.ofSeconds(30);

	/**
	 * Access rules per method.
	 */
	private final Security security = new Security();

	/**
	 * Rate limits per client and method.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Adaptive concurrency limit over all calls.
	 */
	private final AdaptiveLimit adaptiveLimit = new AdaptiveLimit();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getDefaultDeadline() {
		return this.defaultDeadline;
	}

	public void setDefaultDeadline(@Nullable Duration defaultDeadline) {
		this.defaultDeadline = defaultDeadline;
	}

	public Security getSecurity() {
		return this.security;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public AdaptiveLimit getAdaptiveLimit() {
		return this.adaptiveLimit;
	}

	/**
	 * Deny by default: every method needs a valid bearer token unless it is public; rules narrow who may call what.
	 * Methods are written {@code package.Service/Method}; {@code package.Service/*} and {@code *} match many.
	 */
	public static class Security {

		/**
		 * Whether calls need a bearer token (when bulwark-starter-security is present).
		 */
		private boolean enabled = true;

		/**
		 * Methods anyone may call, besides the health service, which always is. Add
		 * grpc.reflection.v1.ServerReflection/* to let tools list the services without a token.
		 */
		private List<String> publicMethods = new ArrayList<>();

		/**
		 * Access rules, tried in order; the first that matches a method decides. A method no rule matches is refused
		 * (PERMISSION_DENIED), or needs any valid token with bulwark.security.default-access=authenticated.
		 */
		private List<MethodRule> rules = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getPublicMethods() {
			return this.publicMethods;
		}

		public void setPublicMethods(List<String> publicMethods) {
			this.publicMethods = publicMethods;
		}

		public List<MethodRule> getRules() {
			return this.rules;
		}

		public void setRules(List<MethodRule> rules) {
			this.rules = rules;
		}

	}

	/**
	 * Who may call which methods.
	 */
	public static class MethodRule {

		/**
		 * Methods the rule applies to, such as orders.v1.OrderService/GetOrder or orders.v1.OrderService/*.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Scopes of which the token must carry at least one.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Roles of which the caller must have at least one.
		 */
		private List<String> roles = new ArrayList<>();

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

	}

	/**
	 * Token buckets per client and rule, kept in the store of bulwark.resilience.rate-limit (memory or Redis). A
	 * refused call ends with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo saying when to try again.
	 */
	public static class RateLimit {

		/**
		 * Whether the rules apply.
		 */
		private boolean enabled = true;

		/**
		 * Rate-limit rules; a call takes a token from every rule whose methods match it.
		 */
		private List<RateLimitRule> rules = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<RateLimitRule> getRules() {
			return this.rules;
		}

		public void setRules(List<RateLimitRule> rules) {
			this.rules = rules;
		}

	}

	/**
	 * One rate limit.
	 */
	public static class RateLimitRule {

		/**
		 * Name of the rule, part of the bucket's key and of the metrics.
		 */
		private String name = "default";

		/**
		 * Methods the rule applies to.
		 */
		private List<String> methods = new ArrayList<>(List.of("*"));

		/**
		 * Calls per second refilled into each client's bucket.
		 */
		private double requestsPerSecond = 10;

		/**
		 * Size of each client's bucket: how many calls may come at once.
		 */
		private int burst = 20;

		/**
		 * What identifies a client: the token's subject (the peer address for calls without one) or the peer address.
		 */
		private ClientKey key = ClientKey.SUBJECT;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
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

		public ClientKey getKey() {
			return this.key;
		}

		public void setKey(ClientKey key) {
			this.key = key;
		}

	}

	/**
	 * What a rate limit counts calls by.
	 */
	public enum ClientKey {

		/**
		 * The authenticated subject; the peer address for anonymous calls.
		 */
		SUBJECT,

		/**
		 * The peer's IP address.
		 */
		PEER

	}

	/**
	 * Sheds load before queues grow: a call beyond the adaptive concurrency limit ends at once with UNAVAILABLE (which
	 * gRPC clients may retry elsewhere). Health calls are never shed.
	 */
	public static class AdaptiveLimit {

		/**
		 * Whether calls are limited.
		 */
		private boolean enabled = true;

		/**
		 * Limit to start from, before latencies have been measured.
		 */
		private int initialLimit = 20;

		/**
		 * Lowest limit the algorithm may choose.
		 */
		private int minLimit = 4;

		/**
		 * Highest limit the algorithm may choose.
		 */
		private int maxLimit = 200;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getInitialLimit() {
			return this.initialLimit;
		}

		public void setInitialLimit(int initialLimit) {
			this.initialLimit = initialLimit;
		}

		public int getMinLimit() {
			return this.minLimit;
		}

		public void setMinLimit(int minLimit) {
			this.minLimit = minLimit;
		}

		public int getMaxLimit() {
			return this.maxLimit;
		}

		public void setMaxLimit(int maxLimit) {
			this.maxLimit = maxLimit;
		}

	}

}
