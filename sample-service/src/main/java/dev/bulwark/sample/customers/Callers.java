package dev.bulwark.sample.customers;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, over HTTP or gRPC alike (both put the validated token in Spring Security's
 * context).
 */
@Component
@EnableConfigurationProperties(CustomersProperties.class)
public class Callers {

	private final CustomersProperties properties;

	Callers(CustomersProperties properties) {
		this.properties = properties;
	}

	/**
	 * @return the caller
	 * @throws AccessDeniedException when the request carries no token, or one that names no customer (403)
	 */
	public Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			throw new AccessDeniedException("The request carries no token naming a customer.");
		}
		String customer = token.getToken().getClaimAsString(this.properties.getClaim());
		if (customer == null || customer.isBlank()) {
			throw new AccessDeniedException("The token names no customer.");
		}
		String admin = "SCOPE_" + this.properties.getAdminScope();
		return new Caller(customer,
				token.getAuthorities().stream().anyMatch((authority) -> admin.equals(authority.getAuthority())));
	}

}
