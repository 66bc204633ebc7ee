package dev.bulwark.security;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;
import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.security.dev.DevTokenController;
import dev.bulwark.security.dev.DevTokenIssuer;
import dev.bulwark.security.jwt.AuthorizationHeaderBearerTokenResolver;
import dev.bulwark.security.jwt.ClaimAuthoritiesConverter;
import dev.bulwark.security.jwt.JwtDecoderFactory;
import dev.bulwark.security.web.AssignedNonControlCharacters;
import dev.bulwark.security.web.BasePathEndpointRequestMatcher;
import dev.bulwark.security.web.CrossOriginRequestsOnly;
import dev.bulwark.security.web.PathPatternsRequestMatcher;
import dev.bulwark.security.web.ProblemAccessDeniedHandler;
import dev.bulwark.security.web.ProblemAuthenticationEntryPoint;
import dev.bulwark.security.web.SubjectMdcFilter;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.BeanIds;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Deny by default for a servlet service: bearer JWTs from the issuer configured with Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties, access rules from {@code bulwark.security.rules},
 * public probes, the Prometheus scrape as {@code bulwark.security.metrics-access} says, management endpoints beyond
 * health and info for a role, and 401/403 as problems.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" },
		afterName = "dev.bulwark.core.problem.ProblemDetailsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "bulwark.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ BulwarkSecurityProperties.class, OAuth2ResourceServerProperties.class })
public final class BulwarkSecurityAutoConfiguration {

	private static final String[] ALWAYS_PUBLIC = { "/health", "/ready", "/error" };

	/**
	 * starter-observability's alias of the Prometheus scrape.
	 */
	private static final String METRICS_ALIAS = "/metrics";

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, BulwarkSecurityProperties properties,
			Environment environment) {
		return JwtDecoderFactory.create(resourceServer, properties, environment);
	}

	/**
	 * Read by Spring Security when it sets up its observations: only those Bulwark's properties keep.
	 */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings(BulwarkSecurityProperties properties) {
		BulwarkSecurityProperties.Observations observations = properties.getObservations();
		return SecurityObservationSettings.withDefaults()
			.shouldObserveRequests(observations.isFilterChain())
			.shouldObserveAuthentications(observations.isAuthentications())
			.shouldObserveAuthorizations(observations.isAuthorizations())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter(BulwarkSecurityProperties properties) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(
				new ClaimAuthoritiesConverter(properties.getJwt().getAuthorityClaims()));
		return converter;
	}

	/**
	 * Picked up by Spring Security's resource server configuration: the Authorization header only, checked without a
	 * regular expression.
	 */
	@Bean
	@ConditionalOnMissingBean
	BearerTokenResolver bearerTokenResolver() {
		return new AuthorizationHeaderBearerTokenResolver();
	}

	/**
	 * Spring Security's strict firewall, as it is by default, with its character rule for headers and parameters
	 * checked without regular expressions.
	 */
	@Bean
	@ConditionalOnMissingBean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(AssignedNonControlCharacters.NAMES);
		firewall.setAllowedHeaderValues(AssignedNonControlCharacters.HEADER_VALUES);
		firewall.setAllowedParameterNames(AssignedNonControlCharacters.NAMES);
		return firewall;
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain bulwarkSecurityFilterChain(HttpSecurity http, BulwarkSecurityProperties properties,
			JwtDecoder jwtDecoder, JwtAuthenticationConverter jwtAuthenticationConverter,
			ObjectProvider<ProblemDetailsSupport> problemsProvider, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<DevTokenIssuer> devTokens, ListableBeanFactory beans, Environment environment,
			ObjectProvider<PathPatternRequestMatcher.Builder> matcherBuilder,
			ObjectProvider<DispatcherServletPath> servletPath) throws Exception {
		ProblemDetailsSupport problems = ProblemDetailsSupport.getOrCreate(problemsProvider, jsonMapper);
		PathMatchers paths = PathMatchers.of(matcherBuilder, servletPath);
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems,
				(properties.getJwt().getIssuerUnavailableStatus() == BulwarkSecurityProperties.IssuerUnavailableStatus.SERVICE_UNAVAILABLE)
						? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED);
		ProblemAccessDeniedHandler deniedHandler = new ProblemAccessDeniedHandler(problems);
		http.authorizeHttpRequests((requests) -> {
			requests.requestMatchers(paths.matcher(List.of(ALWAYS_PUBLIC), List.of())).permitAll();
			if (!properties.getPublicPaths().isEmpty()) {
				requests.requestMatchers(paths.matcher(properties.getPublicPaths(), List.of())).permitAll();
			}
			if (devTokens.getIfAvailable() != null) {
				requests.requestMatchers(paths.matcher(List.of(DevTokenController.PATH), List.of("POST"))).permitAll();
			}
			metricsAccess(requests, paths, properties, beans, environment);
			requests.requestMatchers(endpoints(EndpointRequest.to("health", "info"), properties, beans)).permitAll();
			requests.requestMatchers(endpoints(EndpointRequest.toAnyEndpoint(), properties, beans))
				.hasRole(properties.getManagementRole());
			List<String> covered = new ArrayList<>();
			for (BulwarkSecurityProperties.AccessRule rule : properties.getRules()) {
				requests.requestMatchers(paths.matcher(rule.getPaths(), methods(rule))).access(access(rule));
				covered.addAll(rule.getPaths());
			}
			// a method no rule allows on a path some rule covers: HEAD only where GET is allowed, and nothing else
			if (!covered.isEmpty()) {
				requests.requestMatchers(paths.matcher(covered, List.of())).denyAll();
			}
			if (properties.getDefaultAccess() == BulwarkSecurityProperties.DefaultAccess.AUTHENTICATED) {
				requests.anyRequest().authenticated();
			}
			else {
				requests.anyRequest().denyAll();
			}
		})
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(jwtAuthenticationConverter))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(deniedHandler))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(deniedHandler))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// a token API has no session to log out of and no saved request to return to: without these two filters,
			// POST /logout is an API call like any other instead of a redirect to a login page
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.addFilterAfter(new SubjectMdcFilter(), BearerTokenAuthenticationFilter.class);
		// CORS answers only what is configured (a corsFilter bean, a corsConfigurationSource bean or Spring MVC's CORS
		// mappings): with none, cross-origin requests get no CORS headers
		if (beans.containsBean("corsFilter")) {
			// the application's own CORS filter, which Spring Security puts in its chain as it is
			http.cors(Customizer.withDefaults());
		}
		else {
			CorsConfigurationSource cors = corsConfigurationSource(beans);
			if (cors != null) {
				http.cors((configurer) -> configurer.configurationSource(new CrossOriginRequestsOnly(cors)));
			}
		}
		return http.build();
	}

	/**
	 * The Prometheus scrape: the alias on the application's port and the endpoint, as {@code metrics-access} says.
	 */
	private static void metricsAccess(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			PathMatchers paths, BulwarkSecurityProperties properties, ListableBeanFactory beans,
			Environment environment) {
		RequestMatcher alias = paths.matcher(List.of(METRICS_ALIAS), List.of());
		RequestMatcher endpoint = endpoints(EndpointRequest.to("prometheus"), properties, beans);
		switch (properties.getMetricsAccess()) {
			case PUBLIC -> requests.requestMatchers(alias, endpoint).permitAll();
			case ROLE -> requests.requestMatchers(alias, endpoint).hasRole(properties.getMetricsRole());
			case MANAGEMENT_PORT -> {
				String managementPort = environment.getProperty("management.server.port");
				boolean samePort = managementPort != null && !managementPort.equals("0")
						&& managementPort.equals(environment.getProperty("server.port", "8080"));
				if (managementPort == null || samePort) {
					throw new InvalidBulwarkPropertyException("bulwark.security.metrics-access", "management-port",
							"the scrape would be served on the application's port: management.server.port is "
									+ ((managementPort != null) ? "the same port" : "not set"),
							"Set management.server.port to a port of its own (and point the scrape at it), or choose "
									+ "public or role.");
				}
				// the endpoint is only on the management port; the alias is on the application's, and refused there
				requests.requestMatchers(alias).denyAll();
				requests.requestMatchers(endpoint).permitAll();
			}
		}
	}

	/**
	 * The source Spring Security's CORS support would pick when there is no {@code corsFilter} bean: a
	 * {@code corsConfigurationSource} bean, else Spring MVC's CORS mappings.
	 */
	private static @Nullable CorsConfigurationSource corsConfigurationSource(ListableBeanFactory beans) {
		if (beans.containsBean("corsConfigurationSource")) {
			// of another type, this fails the start as Spring Security would
			return beans.getBean("corsConfigurationSource", CorsConfigurationSource.class);
		}
		if (beans.containsBean("mvcHandlerMappingIntrospector")
				&& beans.isTypeMatch("mvcHandlerMappingIntrospector", CorsConfigurationSource.class)) {
			return beans.getBean("mvcHandlerMappingIntrospector", CorsConfigurationSource.class);
		}
		return null;
	}

	/**
	 * Boot's matcher of actuator endpoints, asked only about requests whose path holds the endpoints' base path
	 * unless switched off.
	 */
	private static RequestMatcher endpoints(RequestMatcher endpoints, BulwarkSecurityProperties properties,
			ListableBeanFactory beans) {
		if (!properties.isEndpointRequestsByBasePath()) {
			return endpoints;
		}
		ObjectProvider<PathMappedEndpoints> pathMappedEndpoints = beans.getBeanProvider(PathMappedEndpoints.class);
		return new BasePathEndpointRequestMatcher(endpoints, () -> {
			PathMappedEndpoints mapped = pathMappedEndpoints.getIfUnique();
			// without the bean, Boot's matcher matches nothing; the delegate says so
			return (mapped != null) ? mapped.getBasePath() : "";
		});
	}

	/**
	 * The methods a rule allows: those it lists, with HEAD where GET is listed (Spring MVC answers HEAD with the GET
	 * handler); empty for any method.
	 */
	private static List<String> methods(BulwarkSecurityProperties.AccessRule rule) {
		List<String> methods = new ArrayList<>(rule.getMethods());
		if (methods.stream().anyMatch("GET"::equalsIgnoreCase) && methods.stream().noneMatch("HEAD"::equalsIgnoreCase)) {
			methods.add("HEAD");
		}
		return methods;
	}

	private static AuthorizationManager<RequestAuthorizationContext> access(BulwarkSecurityProperties.AccessRule rule) {
		List<String> authorities = new ArrayList<>();
		rule.getScopes().forEach((scope) -> authorities.add("SCOPE_" + scope));
		rule.getRoles().forEach((role) -> authorities.add("ROLE_" + role));
		if (authorities.isEmpty()) {
			return AuthenticatedAuthorizationManager.authenticated();
		}
		return AuthorityAuthorizationManager.hasAnyAuthority(authorities.toArray(String[]::new));
	}

	/**
	 * Path matchers as Spring Security 7 makes them: with Spring Boot's {@link PathPatternRequestMatcher.Builder}
	 * bean, whose base path is Spring MVC's servlet path ({@code spring.mvc.servlet.path}), so that patterns are the
	 * paths Spring MVC routes by within its servlet.
	 */
	private record PathMatchers(PathPatternRequestMatcher.Builder builder, String basePath) {

		static PathMatchers of(ObjectProvider<PathPatternRequestMatcher.Builder> builder,
				ObjectProvider<DispatcherServletPath> servletPath) {
			DispatcherServletPath dispatcher = servletPath.getIfAvailable();
			String prefix = (dispatcher != null) ? dispatcher.getPrefix() : "";
			return new PathMatchers(builder.getIfAvailable(() -> prefix.isEmpty() ? PathPatternRequestMatcher.withDefaults()
					: PathPatternRequestMatcher.withDefaults().basePath(prefix)), prefix);
		}

		RequestMatcher matcher(List<String> paths, List<String> methods) {
			return new PathPatternsRequestMatcher(this.builder, this.basePath, paths, methods);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bulwark.security.method-security", matchIfMissing = true)
	@EnableMethodSecurity
	static class MethodSecurityConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = BeanIds.SPRING_SECURITY_FILTER_CHAIN)
	@EnableWebSecurity
	static class WebSecurityEnablerConfiguration {

	}

}
