package dev.bulwark.resilience.client;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import dev.bulwark.resilience.policy.CallOutcomes;
import dev.bulwark.resilience.policy.Verdict;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Judges HTTP responses: 500, 502, 503 and 504 are failures worth retrying, 429 is worth retrying but is no failure
 * of the dependency, other 5xx are failures, everything else succeeds. A {@code Retry-After} header (seconds or an
 * HTTP date) on a 429 or 503 sets the wait before the next attempt.
 */
public final class HttpCallOutcomes implements CallOutcomes<ClientHttpResponse> {

	@Override
	public Verdict classify(ClientHttpResponse response) {
		try {
			return classify(response.getStatusCode().value(), response.getHeaders());
		}
		catch (IOException ex) {
			return Verdict.retryable(null);
		}
	}

	/**
	 * @param status a response status
	 * @param headers the response headers
	 * @return what the response means
	 */
	public static Verdict classify(int status, HttpHeaders headers) {
		return switch (status) {
			case 429 -> new Verdict(false, true, retryAfter(headers));
			case 503 -> Verdict.retryable(retryAfter(headers));
			case 500, 502, 504 -> Verdict.retryable(null);
			default -> (status >= 500) ? Verdict.FAILURE : Verdict.SUCCESS;
		};
	}

	@Override
	public void discard(ClientHttpResponse response) {
		response.close();
	}

	static @Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

}
