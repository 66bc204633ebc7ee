package dev.bulwark.security.dev;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out development tokens: {@code curl -X POST 'localhost:8080/dev/token?scope=orders:read orders:write'}.
 */
@RestController
public class DevTokenController {

	/**
	 * Path of the token endpoint, public in the dev profile only.
	 */
	public static final String PATH = "/dev/token";

	private final DevTokenIssuer issuer;

	public DevTokenController(DevTokenIssuer issuer) {
		this.issuer = issuer;
	}

	@PostMapping(PATH)
	Map<String, Object> token(@RequestParam(defaultValue = "developer") String subject,
			@RequestParam(defaultValue = "") String scope) {
		List<String> scopes = Arrays.stream(scope.split("[ +]")).filter((part) -> !part.isBlank()).toList();
		return Map.of("access_token", this.issuer.issue(subject, scopes), "token_type", "Bearer", "expires_in",
				this.issuer.getProperties().getValidity().toSeconds(), "scope", String.join(" ", scopes));
	}

}
