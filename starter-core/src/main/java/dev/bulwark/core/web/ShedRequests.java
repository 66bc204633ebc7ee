package dev.bulwark.core.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Marks a request that load shedding refused, so that the filters around it skip their per-request work for it (the
 * access-log line): at twice a service's capacity, every refusal that costs as much as an answer takes the capacity
 * the shedding was meant to save. Shed requests are counted by the limiter's own metrics (Bulwark's adaptive limiter
 * runs before the access log and the HTTP server's observation altogether; a shedding filter placed inside them marks
 * its refusals with this).
 */
public final class ShedRequests {

	private static final String ATTRIBUTE = ShedRequests.class.getName();

	private ShedRequests() {
	}

	/**
	 * @param request a request the service refused to take on
	 */
	public static void mark(HttpServletRequest request) {
		request.setAttribute(ATTRIBUTE, Boolean.TRUE);
	}

	/**
	 * @param request a request
	 * @return whether load shedding refused it
	 */
	public static boolean isShed(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) != null;
	}

}
