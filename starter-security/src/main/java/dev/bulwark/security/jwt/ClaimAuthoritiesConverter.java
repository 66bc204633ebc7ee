package dev.bulwark.security.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Authorities from configurable claim paths: {@code scope} or {@code scp} (space-separated or a list),
 * {@code roles}, or nested ones such as Keycloak's {@code realm_access.roles}, each with its prefix.
 */
public class ClaimAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

	private final List<ClaimPath> claimPaths;

	public ClaimAuthoritiesConverter(Map<String, String> prefixByClaimPath) {
		// split once here: the paths are read for every request
		this.claimPaths = prefixByClaimPath.entrySet()
			.stream()
			.map((entry) -> new ClaimPath(entry.getKey().split("\\."), entry.getValue()))
			.toList();
	}

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (ClaimPath claimPath : this.claimPaths) {
			Object value = resolve(jwt.getClaims(), claimPath.segments());
			String prefix = claimPath.prefix();
			if (value instanceof String text) {
				for (String part : text.split(" ")) {
					if (!part.isBlank()) {
						authorities.add(new SimpleGrantedAuthority(prefix + part));
					}
				}
			}
			else if (value instanceof Collection<?> values) {
				for (Object part : values) {
					if (part != null) {
						authorities.add(new SimpleGrantedAuthority(prefix + part));
					}
				}
			}
		}
		return authorities;
	}

	private static @Nullable Object resolve(Map<String, Object> claims, String[] segments) {
		Object current = claims;
		for (String segment : segments) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(segment);
		}
		return current;
	}

	private record ClaimPath(String[] segments, String prefix) {
	}

}
