package dev.bulwark.observability.logging;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bulwark.core.web.RequestPathPatterns;
import dev.bulwark.core.web.ShedRequests;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one line per request once it is answered: method, route template (never the raw path, which may hold ids
 * or personal data), status, duration and response body bytes. The correlation and trace ids come from the MDC like
 * in every other line. Query strings, headers and bodies are never logged.
 */
public class AccessLogFilter extends OncePerRequestFilter {

	/**
	 * Route logged for requests that no handler matched.
	 */
	public static final String UNMATCHED_ROUTE = "UNMATCHED";

	private final Logger logger;

	private final RequestPathPatterns excludedPaths;

	public AccessLogFilter(AccessLogProperties properties) {
		this.logger = LoggerFactory.getLogger(properties.getLoggerName());
		this.excludedPaths = RequestPathPatterns.of(properties.getExcludedPaths());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!this.logger.isInfoEnabled()) {
			return true;
		}
		return this.excludedPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		CountingResponse counting = new CountingResponse(response);
		int status = 500;
		try {
			chain.doFilter(request, counting);
			status = response.getStatus();
		}
		finally {
			if (!ShedRequests.isShed(request)) {
				log(request, start, status, counting.bytes());
			}
		}
	}

	private void log(HttpServletRequest request, long start, int status, long bytes) {
		{
			long micros = (System.nanoTime() - start) / 1000;
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			// a 404 from the static resource handler's catch-all is no route either
			String route = (pattern == null || (status == 404 && "/**".equals(pattern))) ? UNMATCHED_ROUTE
					: pattern.toString();
			String method = request.getMethod();
			double millis = micros / 1000.0;
			// the message built here rather than from a format: the level is known to be on (shouldNotFilter)
			this.logger.atInfo()
				.addKeyValue("http.request.method", method)
				.addKeyValue("http.route", route)
				.addKeyValue("http.response.status_code", status)
				.addKeyValue("http.server.duration_ms", millis)
				.addKeyValue("http.response.body.bytes", bytes)
				.log(method + " " + route + " " + status + " " + millis + "ms " + bytes + "B");
		}
	}

	private static final class CountingResponse extends HttpServletResponseWrapper {

		private CountingStream stream;

		private PrintWriter writer;

		CountingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
			}
			return this.writer;
		}

		@Override
		public void flushBuffer() throws IOException {
			if (this.writer != null) {
				this.writer.flush();
			}
			super.flushBuffer();
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingStream(super.getOutputStream());
			}
			return this.stream;
		}

		long bytes() {
			return (this.stream != null) ? this.stream.count : 0;
		}

	}

	private static final class CountingStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private long count;

		CountingStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			this.count += len;
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

}
