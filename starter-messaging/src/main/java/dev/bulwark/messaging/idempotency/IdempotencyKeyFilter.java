package dev.bulwark.messaging.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.bulwark.core.problem.ProblemDetailsSupport;
import dev.bulwark.messaging.idempotency.IdempotencyStore.Claim;
import dev.bulwark.messaging.idempotency.IdempotencyStore.StoredResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a retried POST or PATCH that carries an {@code Idempotency-Key} from the first attempt's response, so
 * that it acts once: the same key with the same request is replayed (with {@code Idempotent-Replayed: true}), with
 * a different request is refused with 422, and while the first attempt still runs with 409. Keys are scoped to the
 * authenticated caller, so one client can never see another's response. A first attempt that ends in a server error
 * (5xx) is forgotten, so that the client's retry runs again.
 */
public class IdempotencyKeyFilter extends OncePerRequestFilter {

	/**
	 * Response header marking a replayed response.
	 */
	public static final String REPLAYED = "Idempotent-Replayed";

	private final IdempotencyStore store;

	private final ProblemDetailsSupport problems;

	private final String headerName;

	private final Duration ttl;

	private final int maxKeyLength;

	private final Set<String> methods;

	public IdempotencyKeyFilter(IdempotencyProperties properties, IdempotencyStore store,
			ProblemDetailsSupport problems) {
		this.store = store;
		this.problems = problems;
		this.headerName = properties.getHeaderName();
		this.ttl = properties.getTtl();
		this.maxKeyLength = properties.getMaxKeyLength();
		this.methods = properties.getMethods()
			.stream()
			.map((method) -> method.toUpperCase(Locale.ROOT))
			.collect(Collectors.toSet());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.methods.contains(request.getMethod()) || request.getHeader(this.headerName) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(this.headerName);
		if (key.isBlank() || key.length() > this.maxKeyLength || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			this.problems.write(HttpStatus.BAD_REQUEST, "The " + this.headerName + " header is not a valid key.",
					request, response);
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		Principal principal = request.getUserPrincipal();
		String storageKey = sha256(((principal != null) ? principal.getName() : "") + "\u0000" + key);
		String fingerprint = sha256(request.getMethod() + " " + request.getRequestURI() + "\n",
				body);
		Claim claim = this.store.claim(storageKey, fingerprint, this.ttl);
		switch (claim.state()) {
			case MISMATCH -> this.problems.write(HttpStatus.UNPROCESSABLE_CONTENT,
					"This " + this.headerName + " was already used for a different request.", request, response);
			case IN_PROGRESS -> {
				response.setHeader(HttpHeaders.RETRY_AFTER, "1");
				this.problems.write(HttpStatus.CONFLICT,
						"A request with this " + this.headerName + " is still being processed.", request, response);
			}
			case COMPLETED -> replay(claim.response(), response);
			case CLAIMED -> run(storageKey, body, request, response, chain);
		}
	}

	private void run(String storageKey, byte[] body, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
		boolean completed = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), recording);
			if (recording.getStatus() < 500) {
				this.store.complete(storageKey, new StoredResponse(recording.getStatus(), recording.getContentType(),
						recording.getHeader(HttpHeaders.LOCATION), recording.getContentAsByteArray()));
				completed = true;
			}
		}
		finally {
			if (!completed) {
				this.store.release(storageKey);
			}
			recording.copyBodyToResponse();
		}
	}

	private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
		response.setStatus(stored.status());
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		response.setHeader(REPLAYED, "true");
		response.setContentLength(stored.body().length);
		response.getOutputStream().write(stored.body());
	}

	private static String sha256(String text, byte[]... more) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(text.getBytes(StandardCharsets.UTF_8));
			for (byte[] bytes : more) {
				digest.update(bytes);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was already read");
				}
			};
		}

	}

}
