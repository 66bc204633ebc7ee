package dev.bulwark.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Security of a Bulwark service. Where the tokens come from is set with Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer-uri, jwk-set-uri, audiences,
 * jws-algorithms); these properties add what Boot lacks.
 */
@ConfigurationProperties("bulwark.security")
public class BulwarkSecurityProperties {

	/**
	 * Whether Bulwark secures the service (deny by default, bearer tokens, access rules).
	 */
	private boolean enabled = true;

	/**
	 * Path patterns (Spring's PathPattern syntax) anyone may call, besides /health, /ready and /error, which always
	 * are.
	 */
	private List<String> publicPaths = new ArrayList<>();

	/**
	 * Access rules, tried in order. A rule that allows GET allows HEAD too; a path some rule covers is denied for
	 * every method no rule allows; a path no rule covers gets the default access.
	 */
	private List<AccessRule> rules = new ArrayList<>();

	/**
	 * What a request to a path that no access rule, public path or management endpoint covers gets: deny (403 with a
	 * valid token, 401 without), or any valid token.
	 */
	private DefaultAccess defaultAccess = DefaultAccess.DENY;

	/**
	 * Role needed for the management endpoints other than health, info and prometheus.
	 */
	private String managementRole = "ACTUATOR";

	/**
	 * Who may read the Prometheus scrape (/metrics and the prometheus endpoint), which shows routes, status mix,
	 * exception names and business volume.
	 */
	private MetricsAccess metricsAccess = MetricsAccess.PUBLIC;

	/**
	 * Role needed for the Prometheus scrape when metrics-access is role.
	 */
	private String metricsRole = "METRICS";

	/**
	 * Whether annotations such as @PreAuthorize are enforced (Spring Security's @EnableMethodSecurity). Off, they
	 * are ignored, and the application starts about 0.4 s sooner on one core.
	 */
	private boolean methodSecurity = true;

	/**
	 * Whether the access rules of actuator endpoints look at a request's path only when it holds the endpoints' base
	 * path (management.endpoints.web.base-path), instead of matching every request against every endpoint's path.
	 */
	private boolean endpointRequestsByBasePath = true;

	/**
	 * Token validation.
	 */
	private final Jwt jwt = new Jwt();

	/**
	 * Which of Spring Security's own observations (metrics and spans) to record, on top of the HTTP server's.
	 */
	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isMethodSecurity() {
		return this.methodSecurity;
	}

	public void setMethodSecurity(boolean methodSecurity) {
		this.methodSecurity = methodSecurity;
	}

	public boolean isEndpointRequestsByBasePath() {
		return this.endpointRequestsByBasePath;
	}

	public void setEndpointRequestsByBasePath(boolean endpointRequestsByBasePath) {
		this.endpointRequestsByBasePath = endpointRequestsByBasePath;
	}

	public List<String> getPublicPaths() {
		return this.publicPaths;
	}

	public void setPublicPaths(List<String> publicPaths) {
		this.publicPaths = publicPaths;
	}

	public List<AccessRule> getRules() {
		return this.rules;
	}

	public void setRules(List<AccessRule> rules) {
		this.rules = rules;
	}

	public DefaultAccess getDefaultAccess() {
		return this.defaultAccess;
	}

	public void setDefaultAccess(DefaultAccess defaultAccess) {
		this.defaultAccess = defaultAccess;
	}

	public MetricsAccess getMetricsAccess() {
		return this.metricsAccess;
	}

	public void setMetricsAccess(MetricsAccess metricsAccess) {
		this.metricsAccess = metricsAccess;
	}

	public String getMetricsRole() {
		return this.metricsRole;
	}

	public void setMetricsRole(String metricsRole) {
		this.metricsRole = metricsRole;
	}

	public String getManagementRole() {
		return this.managementRole;
	}

	public void setManagementRole(String managementRole) {
		this.managementRole = managementRole;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public Observations getObservations() {
		return this.observations;
	}

	/**
	 * Spring Security observes each request's pass through its filter chain (an observation per filter), each
	 * authentication and each authorization. The HTTP server's own observation already times every request and gives
	 * its status (401 for a refused token), so Bulwark keeps none of them by default: the per-filter observations
	 * cost about a quarter of a small request's CPU time, and observing a token validation that Bulwark's cache answers
	 * in about a microsecond costs more than the validation (see docs/performance.md).
	 */
	public static class Observations {

		/**
		 * Whether the filter chain is observed, filter by filter.
		 */
		private boolean filterChain = false;

		/**
		 * Whether authentications (token validations) are observed.
		 */
		private boolean authentications = false;

		/**
		 * Whether authorization decisions are observed.
		 */
		private boolean authorizations = false;

		public boolean isFilterChain() {
			return this.filterChain;
		}

		public void setFilterChain(boolean filterChain) {
			this.filterChain = filterChain;
		}

		public boolean isAuthentications() {
			return this.authentications;
		}

		public void setAuthentications(boolean authentications) {
			this.authentications = authentications;
		}

		public boolean isAuthorizations() {
			return this.authorizations;
		}

		public void setAuthorizations(boolean authorizations) {
			this.authorizations = authorizations;
		}

	}

	/**
	 * Who may call which paths.
	 */
	public static class AccessRule {

		/**
		 * Path patterns (Spring's PathPattern syntax) the rule applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * HTTP methods the rule applies to; empty for all.
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
	 * Who may read the Prometheus scrape.
	 */
	public enum MetricsAccess {

		/**
		 * Anyone who reaches the port.
		 */
		PUBLIC,

		/**
		 * A token with the metrics role.
		 */
		ROLE,

		/**
		 * Anyone who reaches the management port (management.server.port, which must be set apart from the
		 * application's); never on the application's port.
		 */
		MANAGEMENT_PORT

	}

	/**
	 * Access to a path that no rule covers.
	 */
	public enum DefaultAccess {

		/**
		 * Refused, whatever the token: every path the service serves needs a rule or a public-path entry.
		 */
		DENY,

		/**
		 * Any valid token.
		 */
		AUTHENTICATED

	}

	/**
	 * The answer to a well-formed token that cannot be verified because its issuer cannot be reached.
	 */
	public enum IssuerUnavailableStatus {

		/**
		 * 401, with Retry-After: the request is refused as unauthenticated, and the service's own error rate (its
		 * 5xx alerts) is not charged for an identity provider that is down.
		 */
		UNAUTHORIZED,

		/**
		 * 503, with Retry-After: the token may be fine, so clients retry it rather than fetch a new one.
		 */
		SERVICE_UNAVAILABLE

	}

	/**
	 * Validation of bearer tokens.
	 */
	public static class Jwt {

		/**
		 * Whether the service refuses to start without an audience
		 * (spring.security.oauth2.resourceserver.jwt.audiences): without one, a token the identity provider issued for
		 * any other API is accepted (RFC 8725). Set to false only to accept every audience on purpose.
		 */
		private boolean requireAudience = true;

		/**
		 * Whether the service refuses to start without an issuer
		 * (spring.security.oauth2.resourceserver.jwt.issuer-uri), whose iss claim every token must carry. Set to
		 * false only to accept any iss from the keys configured, on purpose.
		 */
		private boolean requireIssuer = true;

		/**
		 * Tolerated difference between this server's clock and the issuer's, for exp and nbf.
		 */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * Longest token accepted; a longer one is refused before it is parsed.
		 */
		private int maxTokenLength = 8192;

		/**
		 * How long the key set is trusted before it is fetched again.
		 */
		private Duration jwksCacheTime = Duration.ofMinutes(5);

		/**
		 * Shortest time between two fetches of the key set, however many unknown key ids arrive.
		 */
		private Duration jwksMinRefreshInterval = Duration.ofSeconds(30);

		/**
		 * Whether validated tokens are remembered until they expire, so that a token is
		 * verified once, not on every request. Expiry, not-before and the certificate binding (cnf) are checked again
		 * on every use.
		 */
		private boolean cacheEnabled = true;

		/**
		 * Most memory the validated tokens may take, by an estimate from each token's length. The default holds about
		 * 6,000 tokens of 1 KB; a flood of distinct valid tokens stays within it.
		 */
		private DataSize cacheMaxMemory = DataSize.ofMegabytes(32);

		/**
		 * The answer to a well-formed token that cannot be verified while its issuer (discovery, key set) cannot be
		 * reached. Both carry Retry-After; neither is a 500.
		 */
		private IssuerUnavailableStatus issuerUnavailableStatus = IssuerUnavailableStatus.UNAUTHORIZED;

		/**
		 * Claims that hold authorities, by path (a dot descends into objects), with the prefix each gets.
		 */
		private Map<String, String> authorityClaims = new LinkedHashMap<>(Map.of("scope", "SCOPE_", "scp", "SCOPE_",
				"roles", "ROLE_", "realm_access.roles", "ROLE_"));

		public boolean isRequireAudience() {
			return this.requireAudience;
		}

		public void setRequireAudience(boolean requireAudience) {
			this.requireAudience = requireAudience;
		}

		public boolean isRequireIssuer() {
			return this.requireIssuer;
		}

		public void setRequireIssuer(boolean requireIssuer) {
			this.requireIssuer = requireIssuer;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public int getMaxTokenLength() {
			return this.maxTokenLength;
		}

		public void setMaxTokenLength(int maxTokenLength) {
			this.maxTokenLength = maxTokenLength;
		}

		public Duration getJwksCacheTime() {
			return this.jwksCacheTime;
		}

		public void setJwksCacheTime(Duration jwksCacheTime) {
			this.jwksCacheTime = jwksCacheTime;
		}

		public Duration getJwksMinRefreshInterval() {
			return this.jwksMinRefreshInterval;
		}

		public void setJwksMinRefreshInterval(Duration jwksMinRefreshInterval) {
			this.jwksMinRefreshInterval = jwksMinRefreshInterval;
		}

		public boolean isCacheEnabled() {
			return this.cacheEnabled;
		}

		public void setCacheEnabled(boolean cacheEnabled) {
			this.cacheEnabled = cacheEnabled;
		}

		public DataSize getCacheMaxMemory() {
			return this.cacheMaxMemory;
		}

		public void setCacheMaxMemory(DataSize cacheMaxMemory) {
			this.cacheMaxMemory = cacheMaxMemory;
		}

		public IssuerUnavailableStatus getIssuerUnavailableStatus() {
			return this.issuerUnavailableStatus;
		}

		public void setIssuerUnavailableStatus(IssuerUnavailableStatus issuerUnavailableStatus) {
			this.issuerUnavailableStatus = issuerUnavailableStatus;
		}

		/**
		 * @return the bytes validated tokens may take: none when the cache is off
		 */
		public long cacheBytes() {
			return this.cacheEnabled ? this.cacheMaxMemory.toBytes() : 0;
		}

		public Map<String, String> getAuthorityClaims() {
			return this.authorityClaims;
		}

		public void setAuthorityClaims(Map<String, String> authorityClaims) {
			this.authorityClaims = authorityClaims;
		}

	}

}
