package dev.bulwark.core.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.AntPathMatcher;

/**
 * Ant-style path patterns, as Spring's {@link AntPathMatcher} matches them, for a check made on every request. The
 * common kinds are answered without the matcher: a path without wildcards by a set lookup, and {@code prefix/**} by
 * comparing the prefix. A path with an empty segment ({@code //}), which the matcher ignores, goes through the
 * matcher for every pattern.
 */
public final class AntPathSet {

	private static final String ANY_BELOW = "/**";

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final List<String> all;

	private final Set<String> literals = new HashSet<>();

	/**
	 * For each {@code prefix/**}, {@code prefix} and {@code prefix/}.
	 */
	private final List<String[]> prefixes = new ArrayList<>();

	private final List<String> others = new ArrayList<>();

	private AntPathSet(Collection<String> patterns) {
		this.all = List.copyOf(patterns);
		for (String pattern : this.all) {
			if (pattern.contains("//")) {
				this.others.add(pattern);
			}
			else if (!this.matcher.isPattern(pattern)) {
				this.literals.add(pattern);
			}
			else if (isPrefix(pattern)) {
				String prefix = pattern.substring(0, pattern.length() - ANY_BELOW.length());
				this.prefixes.add(new String[] { prefix, prefix + "/" });
			}
			else {
				this.others.add(pattern);
			}
		}
	}

	/**
	 * @param patterns Ant-style patterns, such as {@code /health} or {@code /actuator/**}
	 * @return the set of them
	 */
	public static AntPathSet of(Collection<String> patterns) {
		return new AntPathSet(patterns);
	}

	/**
	 * @param path a request path
	 * @return whether any of the patterns matches it
	 */
	public boolean matches(String path) {
		if (path.contains("//")) {
			return matchesAny(this.all, path);
		}
		if (this.literals.contains(path)) {
			return true;
		}
		for (String[] prefix : this.prefixes) {
			if (path.equals(prefix[0]) || path.startsWith(prefix[1])) {
				return true;
			}
		}
		return matchesAny(this.others, path);
	}

	/**
	 * @return whether there is no pattern at all
	 */
	public boolean isEmpty() {
		return this.all.isEmpty();
	}

	@Override
	public String toString() {
		return this.all.toString();
	}

	/**
	 * {@code /prefix/**} with a prefix that starts with {@code /} and has no wildcard of its own.
	 */
	private boolean isPrefix(String pattern) {
		if (!pattern.endsWith(ANY_BELOW)) {
			return false;
		}
		String prefix = pattern.substring(0, pattern.length() - ANY_BELOW.length());
		return prefix.startsWith("/") && !prefix.endsWith("/") && !this.matcher.isPattern(prefix);
	}

	private boolean matchesAny(List<String> patterns, String path) {
		for (String pattern : patterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

}
