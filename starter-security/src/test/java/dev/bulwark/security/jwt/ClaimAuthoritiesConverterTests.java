package dev.bulwark.security.jwt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorities from the claim paths of {@code bulwark.security.jwt.authority-claims}: strings split at spaces, lists
 * taken as they are, dotted paths descending into objects, each with its prefix.
 */
class ClaimAuthoritiesConverterTests {

	private static Jwt jwt(Map<String, Object> claims) {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.claims((all) -> all.putAll(claims))
			.issuedAt(Instant.now())
			.build();
	}

	private static List<String> authorities(ClaimAuthoritiesConverter converter, Jwt jwt) {
		return converter.convert(jwt).stream().map(GrantedAuthority::getAuthority).toList();
	}

	private static ClaimAuthoritiesConverter converter() {
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("scope", "SCOPE_");
		paths.put("roles", "ROLE_");
		paths.put("realm_access.roles", "REALM_");
		return new ClaimAuthoritiesConverter(paths);
	}

	@Test
	void readsSpaceSeparatedStringsListsAndNestedPathsEachWithItsPrefix() {
		Jwt jwt = jwt(Map.of("scope", "orders:read  orders:write", "roles", List.of("admin"), "realm_access",
				Map.of("roles", List.of("ops", "audit"))));
		assertThat(authorities(converter(), jwt)).containsExactly("SCOPE_orders:read", "SCOPE_orders:write",
				"ROLE_admin", "REALM_ops", "REALM_audit");
	}

	@Test
	void ignoresMissingClaimsAndPathsThroughValuesThatAreNotObjects() {
		Jwt jwt = jwt(Map.of("sub", "alice", "realm_access", "not an object"));
		assertThat(authorities(converter(), jwt)).isEmpty();
	}

}
