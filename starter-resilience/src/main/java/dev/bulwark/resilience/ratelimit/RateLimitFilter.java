package dev.bulwark.resilience.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.core.web.RequestPathPatterns;
import dev.bulwark.resilience.ratelimit.RateLimitProperties.Rule;
import dev.bulwark.resilience.ratelimit.RateLimitStore.Decision;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the first matching rate-limit rule to each request. Every limited response carries the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} headers; a refused one is 429 as a problem with {@code Retry-After}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private final List<CompiledRule> rules;

	private final RateLimitStore store;

	private final String apiKeyHeader;

	private final ProblemDetailsSupport problems;

	private final Map<String, LongAdder> limited = new ConcurrentHashMap<>();

	public RateLimitFilter(RateLimitProperties properties, RateLimitStore store, ProblemDetailsSupport problems) {
		this.rules = properties.getRules().stream().map(CompiledRule::new).toList();
		this.store = store;
		this.apiKeyHeader = properties.getApiKeyHeader();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CompiledRule rule = match(request);
		if (rule == null) {
			chain.doFilter(request, response);
			return;
		}
		Decision decision = this.store.tryAcquire(rule.rule.getName() + ":" + clientKey(rule.rule, request),
				rule.rule.getRequestsPerSecond(), rule.rule.getBurst());
		response.setHeader("RateLimit-Policy", rule.policyHeader);
		response.setHeader("RateLimit", "\"" + rule.rule.getName() + "\";r=" + decision.remaining() + ";t="
				+ ceilSeconds(decision.reset().toMillis()));
		if (decision.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		this.limited.computeIfAbsent(rule.rule.getName(), (name) -> new LongAdder()).increment();
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(decision.retryAfter().toMillis()))));
		this.problems.write(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; slow down and retry later.", request,
				response);
	}

	/**
	 * @return the rule names, for metrics
	 */
	public List<String> ruleNames() {
		return this.rules.stream().map((rule) -> rule.rule.getName()).toList();
	}

	/**
	 * @param rule a rule's name
	 * @return how many requests the rule has refused
	 */
	public long limitedCount(String rule) {
		LongAdder count = this.limited.get(rule);
		return (count != null) ? count.sum() : 0;
	}

	private @Nullable CompiledRule match(HttpServletRequest request) {
		// the path Spring MVC routes by: every spelling of a path that reaches a handler counts as that path
		PathContainer path = RequestPathPatterns.pathWithinApplication(request);
		for (CompiledRule rule : this.rules) {
			if (rule.matches(request.getMethod(), path)) {
				return rule;
			}
		}
		return null;
	}

	private String clientKey(Rule rule, HttpServletRequest request) {
		switch (rule.getKey()) {
			case SUBJECT -> {
				Principal principal = request.getUserPrincipal();
				if (principal != null) {
					return "sub:" + principal.getName();
				}
			}
			case API_KEY -> {
				String apiKey = request.getHeader(this.apiKeyHeader);
				if (apiKey != null && !apiKey.isBlank()) {
					// never store a credential as a key name
					return "key:" + sha256(apiKey);
				}
			}
			case IP -> {
			}
		}
		return "ip:" + request.getRemoteAddr();
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long ceilSeconds(long millis) {
		return (millis + 999) / 1000;
	}

	private static final class CompiledRule {

		private final Rule rule;

		private final Set<String> methods;

		private final RequestPathPatterns paths;

		private final String policyHeader;

		CompiledRule(Rule rule) {
			this.rule = rule;
			this.methods = rule.getMethods().stream().map((m) -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
			this.paths = RequestPathPatterns.of(rule.getPaths());
			long window = Math.max(1, Math.round(rule.getBurst() / rule.getRequestsPerSecond()));
			this.policyHeader = "\"" + rule.getName() + "\";q=" + rule.getBurst() + ";w=" + window;
		}

		boolean matches(String method, PathContainer path) {
			if (!this.methods.isEmpty() && !this.methods.contains(method)) {
				return false;
			}
			return this.paths.matches(path);
		}

	}

}
