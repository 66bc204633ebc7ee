package dev.bulwark.grpc.status;

import com.google.rpc.Code;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security's failures as statuses; only loaded when Spring Security is present.
 */
final class SecurityStatuses {

	private SecurityStatuses() {
	}

	static @Nullable StatusException map(Throwable exception) {
		if (exception instanceof AuthenticationCredentialsNotFoundException
				|| (exception instanceof AuthenticationException && "not authenticated".equals(exception.getMessage()))) {
			return GrpcStatusExceptionHandler.status(Code.UNAUTHENTICATED,
					"A valid bearer token is required (authorization: Bearer <token>).", null);
		}
		if (exception instanceof AuthenticationException) {
			return GrpcStatusExceptionHandler.status(Code.UNAUTHENTICATED, "The bearer token is invalid or expired.",
					null);
		}
		if (exception instanceof AccessDeniedException) {
			return GrpcStatusExceptionHandler.status(Code.PERMISSION_DENIED,
					"The token does not grant access to this method.", null);
		}
		return null;
	}

}
