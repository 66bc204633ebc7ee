package dev.bulwark.grpc.server;

import java.util.List;

/**
 * Full method names ({@code package.Service/Method}) against patterns: an exact name, {@code package.Service/*} for a
 * service's methods, or {@code *} for all.
 */
public final class MethodPatterns {

	private final List<String> patterns;

	private MethodPatterns(List<String> patterns) {
		this.patterns = patterns;
	}

	/**
	 * @param patterns the patterns
	 * @return a matcher for any of them
	 * @throws IllegalArgumentException for a pattern with a wildcard anywhere but alone or after the last slash
	 */
	public static MethodPatterns of(List<String> patterns) {
		for (String pattern : patterns) {
			if (!isValid(pattern)) {
				throw new IllegalArgumentException("'" + pattern + "' is not a gRPC method pattern; write "
						+ "package.Service/Method, package.Service/* or *");
			}
		}
		return new MethodPatterns(List.copyOf(patterns));
	}

	private static boolean isValid(String pattern) {
		if (pattern.equals("*")) {
			return true;
		}
		int slash = pattern.indexOf('/');
		if (slash <= 0 || slash != pattern.lastIndexOf('/') || slash == pattern.length() - 1) {
			return false;
		}
		String service = pattern.substring(0, slash);
		String method = pattern.substring(slash + 1);
		return !service.contains("*") && !service.isBlank() && !service.contains(" ")
				&& (method.equals("*") || (!method.contains("*") && !method.contains(" ")));
	}

	/**
	 * @param fullMethodName the method, as {@code package.Service/Method}
	 * @return whether a pattern matches it
	 */
	public boolean matches(String fullMethodName) {
		for (String pattern : this.patterns) {
			if (pattern.equals("*") || pattern.equals(fullMethodName)) {
				return true;
			}
			if (pattern.endsWith("/*") && fullMethodName.length() > pattern.length() - 1
					&& fullMethodName.startsWith(pattern.substring(0, pattern.length() - 1))
					&& fullMethodName.indexOf('/', pattern.length() - 1) < 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @return whether there are no patterns
	 */
	public boolean isEmpty() {
		return this.patterns.isEmpty();
	}

}
