package dev.bulwark.grpc.status;

import com.google.rpc.Code;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * Spring Security's failures as statuses; only loaded when Spring Security and its OAuth2 core are present.
 */
final class SecurityStatuses {

	private SecurityStatuses() {
	}

	/**
	 * starter-security's failure of a token that could not be verified because the identity provider is unavailable,
	 * by name: starter-security is optional.
	 */
	private static final String ISSUER_UNAVAILABLE = "dev.bulwark.security.jwt.IssuerUnavailableException";

	static @Nullable StatusException map(Throwable exception) {
		// a well-formed token that cannot be verified now: the identity provider is down, as HTTP's 503
		if (exception instanceof AuthenticationException && causedByIssuerOutage(exception)) {
			return GrpcStatusExceptionHandler.status(Code.UNAVAILABLE,
					"The bearer token cannot be verified now; retry shortly.", GrpcStatusExceptionHandler.retryInfo(5));
		}
		// a token that was there but failed validation; any other authentication failure is a missing token
		if (exception instanceof OAuth2AuthenticationException) {
			return GrpcStatusExceptionHandler.status(Code.UNAUTHENTICATED, "The bearer token is invalid or expired.",
					null);
		}
		if (exception instanceof AuthenticationException) {
			return GrpcStatusExceptionHandler.status(Code.UNAUTHENTICATED,
					"A valid bearer token is required (authorization: Bearer <token>).", null);
		}
		if (exception instanceof AccessDeniedException) {
			return GrpcStatusExceptionHandler.status(Code.PERMISSION_DENIED,
					"The token does not grant access to this method.", null);
		}
		return null;
	}

	private static boolean causedByIssuerOutage(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(ISSUER_UNAVAILABLE)) {
				return true;
			}
		}
		return false;
	}

}
