package dev.bulwark.security.jwt;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * A token could not be verified because its issuer's configuration or keys could not be fetched. It is answered 503
 * with {@code Retry-After} over HTTP, never 500: the service is not broken, a dependency is unavailable.
 */
public class IssuerUnavailableException extends BadJwtException {

	/**
	 * The {@code Retry-After} of the answer: how long a failed discovery is remembered.
	 */
	public static final long RETRY_AFTER_SECONDS = IssuerKeys.RETRY_INTERVAL.toSeconds();

	public IssuerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * @param failure a failure to verify a token
	 * @return whether it, or anything that caused it, says the issuer could not be reached
	 */
	public static boolean isCauseOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IssuerUnavailableException) {
				return true;
			}
		}
		return false;
	}

}
