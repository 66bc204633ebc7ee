package dev.bulwark.messaging.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

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
 * authenticated caller, so one client can never see another's response. A replay carries the status, body and the
 * headers the handler set (not hop-by-hop or per-request ones). A first attempt that ends in a server error (5xx)
 * before any of its transactions committed is forgotten, so that the client's retry runs again; one whose effect
 * committed is stored with its 5xx ({@link IdempotencyKeyTransactions}). A key whose request died is free again
 * after the in-progress lease.
 */
public class IdempotencyKeyFilter extends OncePerRequestFilter {

	/**
	 * Response header marking a replayed response.
	 */
	public static final String REPLAYED = "Idempotent-Replayed";

	/**
	 * Headers a replay does not repeat: hop-by-hop ones, those of the connection or the moment, cookies, and those
	 * stored apart.
	 */
	private static final Set<String> NOT_REPLAYED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
			"trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "date", "content-length", "set-cookie",
			"content-type", "location", "idempotent-replayed");

	private final IdempotencyStore store;

	private final ProblemDetailsSupport problems;

	private final String headerName;

	private final Duration ttl;

	private final Duration lease;

	private final @Nullable IdempotencyKeyTransactions transactions;

	private final int maxKeyLength;

	private final Set<String> methods;

	public IdempotencyKeyFilter(IdempotencyProperties properties, IdempotencyStore store,
			ProblemDetailsSupport problems) {
		this(properties, store, problems, null);
	}

	/**
	 * @param properties the settings
	 * @param store where keys are kept
	 * @param problems writes refusals as problems
	 * @param transactions marks keys in the transactions that commit their requests' effects, if registered with
	 * the transaction manager
	 */
	public IdempotencyKeyFilter(IdempotencyProperties properties, IdempotencyStore store,
			ProblemDetailsSupport problems, @Nullable IdempotencyKeyTransactions transactions) {
		this.store = store;
		this.problems = problems;
		this.transactions = transactions;
		this.headerName = properties.getHeaderName();
		this.ttl = properties.getTtl();
		this.lease = properties.getInProgressLease();
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
		String storageKey = storageKey(request.getUserPrincipal(), key);
		String fingerprint = fingerprint(request.getMethod(), request.getRequestURI(), body);
		Claim claim = this.store.claim(storageKey, fingerprint, this.lease);
		switch (claim.state()) {
			case MISMATCH -> this.problems.write(HttpStatus.UNPROCESSABLE_CONTENT,
					"This " + this.headerName + " was already used for a different request.", request, response);
			case IN_PROGRESS -> {
				response.setHeader(HttpHeaders.RETRY_AFTER, "1");
				this.problems.write(HttpStatus.CONFLICT,
						"A request with this " + this.headerName + " is still being processed.", request, response);
			}
			case COMMITTED -> this.problems.write(HttpStatus.CONFLICT, "The request with this " + this.headerName
					+ " took effect, but its response was lost; it will not run again.", request, response);
			case COMPLETED -> replay(claim.response(), response);
			case CLAIMED -> run(storageKey, body, request, response, chain);
		}
	}

	private void run(String storageKey, byte[] body, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
		if (this.transactions != null) {
			this.transactions.begin(storageKey, this.ttl);
		}
		boolean answered = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), recording);
			answered = true;
		}
		finally {
			boolean committed = this.transactions != null && this.transactions.end();
			if (answered && (recording.getStatus() < 500 || committed)) {
				this.store.complete(storageKey, stored(recording), this.ttl);
			}
			else if (committed) {
				// the effect committed, then the request failed with no answer: it must not run again
				this.store.complete(storageKey, new StoredResponse(500, null, null, Map.of(), new byte[0]), this.ttl);
			}
			else {
				this.store.release(storageKey);
			}
			recording.copyBodyToResponse();
		}
	}

	private static StoredResponse stored(ContentCachingResponseWrapper recording) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : recording.getHeaderNames()) {
			if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, List.copyOf(recording.getHeaders(name)));
			}
		}
		return new StoredResponse(recording.getStatus(), recording.getContentType(),
				recording.getHeader(HttpHeaders.LOCATION), headers, recording.getContentAsByteArray());
	}

	private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
		response.setStatus(stored.status());
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		// what this request's own filters set (correlation id, security headers) stays this request's
		stored.headers().forEach((name, values) -> {
			if (!response.containsHeader(name)) {
				values.forEach((value) -> response.addHeader(name, value));
			}
		});
		response.setHeader(REPLAYED, "true");
		response.setContentLength(stored.body().length);
		response.getOutputStream().write(stored.body());
	}

	/**
	 * @param principal the authenticated caller, if any
	 * @param key the client's key
	 * @return the key as stored: scoped to the caller
	 */
	static String storageKey(@Nullable Principal principal, String key) {
		return sha256(((principal != null) ? principal.getName() : "") + "\u0000" + key);
	}

	/**
	 * @param method the request's method
	 * @param uri the request's URI
	 * @param body the request's body
	 * @return what identifies the request
	 */
	static String fingerprint(String method, String uri, byte[] body) {
		return sha256(method + " " + uri + "\n", body);
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
