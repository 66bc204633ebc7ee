package dev.bulwark.core.problem;

import java.io.IOException;

/**
 * Raised while a request body is read, once it has grown past the configured limit.
 */
public class RequestBodyTooLargeException extends IOException {

	static final String DETAIL = "The request body is larger than this service accepts.";

	private final long limit;

	public RequestBodyTooLargeException(long limit) {
		super("Request body exceeds " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * @return the limit, in bytes, that was exceeded
	 */
	public long getLimit() {
		return this.limit;
	}

	static boolean isCauseOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException) {
				return true;
			}
			if (cause.getCause() == cause) {
				return false;
			}
		}
		return false;
	}

}
