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

	static @Nullable StatusException map(Throwable exception) {
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

}
