package dev.bulwark.core.correlation;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the correlation id of each request (or makes one), and makes it available for the request's duration: in the
 * logging MDC, as the request attribute {@link #REQUEST_ATTRIBUTE}, and in the response header.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	/**
	 * Request attribute holding the request's correlation id, also during error dispatches.
	 */
	public static final String REQUEST_ATTRIBUTE = CorrelationIdFilter.class.getName() + ".correlationId";

	private final CorrelationIdProperties properties;

	private final CorrelationIds ids;

	public CorrelationIdFilter(CorrelationIdProperties properties) {
		this.properties = properties;
		this.ids = new CorrelationIds(properties.getMaxLength());
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// the error page is rendered after this filter's first pass has cleared the MDC
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = (String) request.getAttribute(REQUEST_ATTRIBUTE);
		if (id == null) {
			String incoming = request.getHeader(this.properties.getHeaderName());
			if (incoming == null || this.ids.isValid(incoming)) {
				id = (incoming != null) ? incoming : this.ids.generate();
			}
			else if (this.properties.getOnInvalid() == CorrelationIdProperties.InvalidAction.REJECT) {
				id = this.ids.generate();
				request.setAttribute(REQUEST_ATTRIBUTE, id);
				response.setHeader(this.properties.getHeaderName(), id);
				response.sendError(HttpStatus.BAD_REQUEST.value());
				return;
			}
			else {
				id = this.ids.generate();
			}
			request.setAttribute(REQUEST_ATTRIBUTE, id);
			response.setHeader(this.properties.getHeaderName(), id);
		}
		String mdcKey = this.properties.getMdcKey();
		String previous = MDC.get(mdcKey);
		MDC.put(mdcKey, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (previous != null) {
				MDC.put(mdcKey, previous);
			}
			else {
				MDC.remove(mdcKey);
			}
		}
	}

}
