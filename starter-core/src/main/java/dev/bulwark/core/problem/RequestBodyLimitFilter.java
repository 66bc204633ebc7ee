package dev.bulwark.core.problem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size with 413 Content Too Large. A declared Content-Length over the
 * limit is answered at once, before any of the body is read; a body of unknown length is counted while the
 * application reads it and fails with {@link RequestBodyTooLargeException} past the limit, answered 413 by Spring
 * MVC's handling or, when a filter read it, by this filter. The response asks the client to close the connection, so
 * that the rest of an oversized body is not read either.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemDetailsSupport problems;

	public RequestBodyLimitFilter(RequestBodyLimitProperties properties, ProblemDetailsSupport problems) {
		this.maxBytes = properties.getMaxSize().toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			this.problems.write(HttpStatus.CONTENT_TOO_LARGE, RequestBodyTooLargeException.DETAIL, request, response);
			response.flushBuffer();
			return;
		}
		if (declared < 0 && hasBodyOfUnknownLength(request)) {
			try {
				chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
			}
			catch (RequestBodyTooLargeException ex) {
				// read by a filter after this one (Idempotency-Key's fingerprint, say), outside Spring MVC's handling
				if (response.isCommitted()) {
					throw ex;
				}
				response.resetBuffer();
				response.setHeader(HttpHeaders.CONNECTION, "close");
				this.problems.write(HttpStatus.CONTENT_TOO_LARGE, RequestBodyTooLargeException.DETAIL, request, response);
				response.flushBuffer();
			}
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean hasBodyOfUnknownLength(HttpServletRequest request) {
		// HTTP/1.1 says so with Transfer-Encoding; HTTP/2 frames bodies without either header
		return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || "HTTP/2.0".equals(request.getProtocol());
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(),
						(encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1));
			}
			return this.reader;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw new RequestBodyTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			this.delegate.setReadListener(readListener);
		}

	}

}
