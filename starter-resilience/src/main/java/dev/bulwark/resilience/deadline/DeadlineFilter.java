package dev.bulwark.resilience.deadline;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each inbound request a deadline: the caller's remaining budget from the request header (milliseconds), at
 * most the configured maximum, or the server's default when the header is absent or not a number.
 */
public class DeadlineFilter extends OncePerRequestFilter {

	private final DeadlineProperties properties;

	public DeadlineFilter(DeadlineProperties properties) {
		this.properties = properties;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (Deadlines.Scope scope = Deadlines.open(Deadline.after(budget(request)))) {
			chain.doFilter(request, response);
		}
	}

	Duration budget(HttpServletRequest request) {
		String header = request.getHeader(this.properties.getHeaderName());
		if (header != null) {
			try {
				long millis = Long.parseLong(header.strip());
				Duration budget = Duration.ofMillis(Math.max(0, millis));
				return (budget.compareTo(this.properties.getMaxTimeout()) > 0) ? this.properties.getMaxTimeout() : budget;
			}
			catch (NumberFormatException ex) {
				// not a budget: the server's own limit applies
			}
		}
		return this.properties.getDefaultTimeout();
	}

}
