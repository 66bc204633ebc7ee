package dev.bulwark.grpc.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.bulwark.grpc.server.GrpcServerProperties;
import dev.bulwark.grpc.server.MethodPatterns;

import org.springframework.grpc.server.security.CallContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Deny by default, per full method name: the health service and the public methods are open; otherwise the first rule
 * whose methods match decides (a scope or role of the rule's), and a method no rule matches is refused, or needs any
 * valid token with {@code bulwark.security.default-access: authenticated}. The same semantics as
 * {@code bulwark.security.rules} on the HTTP side, where a method is exact: there is no HEAD to follow a GET.
 */
public class GrpcAccessRules implements AuthorizationManager<CallContext> {

	/**
	 * Always open, so that load balancers and orchestrators can probe without a token.
	 */
	static final MethodPatterns ALWAYS_PUBLIC = MethodPatterns.of(List.of("grpc.health.v1.Health/*"));

	private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

	private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

	private final MethodPatterns publicMethods;

	private final List<Rule> rules;

	private final AuthorizationDecision unmatched;

	/**
	 * Rules that refuse a method none of them matches.
	 * @param properties the rules and public methods
	 */
	public GrpcAccessRules(GrpcServerProperties.Security properties) {
		this(properties, false);
	}

	/**
	 * @param properties the rules and public methods
	 * @param authenticatedByDefault whether a method no rule matches is open to any valid token, or refused
	 */
	public GrpcAccessRules(GrpcServerProperties.Security properties, boolean authenticatedByDefault) {
		this.unmatched = authenticatedByDefault ? GRANTED : DENIED;
		this.publicMethods = MethodPatterns.of(properties.getPublicMethods());
		List<Rule> rules = new ArrayList<>();
		for (GrpcServerProperties.MethodRule rule : properties.getRules()) {
			Set<String> authorities = new java.util.HashSet<>();
			rule.getScopes().forEach((scope) -> authorities.add("SCOPE_" + scope));
			rule.getRoles()
				.forEach((role) -> authorities.add(role.startsWith("ROLE_") ? role : "ROLE_" + role));
			rules.add(new Rule(MethodPatterns.of(rule.getMethods()), Set.copyOf(authorities)));
		}
		this.rules = List.copyOf(rules);
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, CallContext call) {
		String method = call.method().getFullMethodName();
		if (ALWAYS_PUBLIC.matches(method) || this.publicMethods.matches(method)) {
			return GRANTED;
		}
		Authentication caller = authentication.get();
		if (caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated()) {
			return DENIED;
		}
		for (Rule rule : this.rules) {
			if (rule.methods().matches(method)) {
				return rule.authorities().isEmpty() || holdsAny(caller, rule.authorities()) ? GRANTED : DENIED;
			}
		}
		return this.unmatched;
	}

	private static boolean holdsAny(Authentication caller, Set<String> authorities) {
		for (GrantedAuthority authority : caller.getAuthorities()) {
			if (authorities.contains(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	private record Rule(MethodPatterns methods, Set<String> authorities) {
	}

}
