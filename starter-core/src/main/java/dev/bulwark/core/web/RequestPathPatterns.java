package dev.bulwark.core.web;

import java.util.Collection;
import java.util.List;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Path patterns (Spring's {@link PathPattern} syntax) matched against a request as Spring MVC's handler mapping and
 * Spring Security match it: the path within the application (after the context path, and the servlet path of a
 * servlet mapped to {@code /prefix/*}), with escaped characters decoded and path parameters ({@code ;name=value})
 * ignored. So {@code /api/ord%65rs} and {@code /api/orders;v=1} match {@code /api/orders}, as they reach its handler.
 * Each pattern is tried in turn: for the few patterns of a rule list that is about as fast as a set lookup (13 ns
 * for the four default exclusions, {@code PathPatternsBenchmark}); parsing the request's path costs more (about
 * 110 ns).
 */
public final class RequestPathPatterns {

	private final List<String> all;

	private final List<PathPattern> parsed;

	private RequestPathPatterns(Collection<String> patterns) {
		this.all = List.copyOf(patterns);
		this.parsed = this.all.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * @param patterns patterns such as {@code /health} or {@code /actuator/**}
	 * @return the set of them
	 * @throws org.springframework.web.util.pattern.PatternParseException for a pattern that is not one
	 */
	public static RequestPathPatterns of(Collection<String> patterns) {
		return new RequestPathPatterns(patterns);
	}

	/**
	 * @param request a request
	 * @return whether any of the patterns matches its path within the application
	 */
	public boolean matches(HttpServletRequest request) {
		return matches(pathWithinApplication(request));
	}

	/**
	 * @param path a path within the application, as Spring parses it
	 * @return whether any of the patterns matches it
	 */
	public boolean matches(PathContainer path) {
		for (PathPattern pattern : this.parsed) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
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
	 * The path Spring MVC maps a request with: the one parsed for this dispatch if there is one, else the request's
	 * own, parsed as Spring MVC parses it (and not left on the request). Safe in front of the servlet pipeline too,
	 * where a request Tomcat could not map has no context.
	 * @param request a request
	 * @return its path within the application
	 */
	public static PathContainer pathWithinApplication(HttpServletRequest request) {
		if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
		}
		HttpServletMapping mapping = request.getHttpServletMapping();
		if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
			// a servlet mapped to /prefix/*: Spring's parsing takes the servlet path off
			RequestPath path = ServletRequestPathUtils.parseAndCache(request);
			ServletRequestPathUtils.clearParsedRequestPath(request);
			return path.pathWithinApplication();
		}
		return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
	}

}
