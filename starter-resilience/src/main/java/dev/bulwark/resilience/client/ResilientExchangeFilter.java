package dev.bulwark.resilience.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.bulwark.resilience.deadline.Deadline;
import dev.bulwark.resilience.deadline.DeadlineExceededException;
import dev.bulwark.resilience.deadline.Deadlines;
import dev.bulwark.resilience.policy.CallOutcomes;
import dev.bulwark.resilience.policy.ClientPolicy;
import dev.bulwark.resilience.policy.FailedResultException;
import dev.bulwark.resilience.policy.Verdict;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The reactive counterpart of {@link ResilientRequestInterceptor}: the same {@link ClientPolicy} in the same order
 * (bulkhead, circuit breaker, retry, per-attempt timeout) for a {@code WebClient}. The deadline is taken when the
 * call is subscribed to, from the subscribing thread. Differences: a full bulkhead refuses at once (no waiting on a
 * reactive thread), and the per-attempt timeout covers the response head, not the body.
 */
public class ResilientExchangeFilter implements ExchangeFilterFunction {

	private static final CallOutcomes<Object> EXCEPTIONS = CallOutcomes.exceptionsOnly();

	private final ClientPolicy policy;

	private final String deadlineHeader;

	public ResilientExchangeFilter(ClientPolicy policy, String deadlineHeader) {
		this.policy = policy;
		this.deadlineHeader = deadlineHeader;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			Deadline deadline = Deadline.after(this.policy.getProperties().getDeadline()).min(Deadlines.current());
			boolean retryAllowed = ResilientRequestInterceptor.IDEMPOTENT.contains(request.method())
					|| request.headers().containsHeader(ResilientRequestInterceptor.IDEMPOTENCY_KEY);
			Bulkhead bulkhead = this.policy.getBulkhead();
			if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
				return Mono.error(BulkheadFullException.createBulkheadFullException(bulkhead));
			}
			CircuitBreaker circuitBreaker = this.policy.getCircuitBreaker();
			if (circuitBreaker != null && !circuitBreaker.tryAcquirePermission()) {
				if (bulkhead != null) {
					bulkhead.onComplete();
				}
				return Mono.error(CallNotPermittedException.createCallNotPermittedException(circuitBreaker));
			}
			long start = (circuitBreaker != null) ? circuitBreaker.getCurrentTimestamp() : 0;
			Mono<ClientResponse> call = attempt(1, this.policy.maxAttempts(retryAllowed), request, next, deadline);
			if (circuitBreaker != null) {
				call = call.doOnSuccess((response) -> {
					long duration = circuitBreaker.getCurrentTimestamp() - start;
					if (response != null
							&& HttpCallOutcomes.classify(response.statusCode().value(), response.headers().asHttpHeaders())
								.failure()) {
						circuitBreaker.onError(duration, circuitBreaker.getTimestampUnit(),
								new FailedResultException("failed result from " + this.policy.getName()));
					}
					else {
						circuitBreaker.onSuccess(duration, circuitBreaker.getTimestampUnit());
					}
				})
					.doOnError((failure) -> circuitBreaker.onError(circuitBreaker.getCurrentTimestamp() - start,
							circuitBreaker.getTimestampUnit(), failure))
					.doOnCancel(circuitBreaker::releasePermission);
			}
			return (bulkhead != null) ? call.doFinally((signal) -> bulkhead.onComplete()) : call;
		});
	}

	private Mono<ClientResponse> attempt(int number, int maxAttempts, ClientRequest request, ExchangeFunction next,
			Deadline deadline) {
		Duration remaining = deadline.remaining();
		if (!remaining.isPositive()) {
			return Mono.error(new DeadlineExceededException(this.policy.getName(),
					this.policy.getProperties().getDeadline(), null));
		}
		Duration readTimeout = this.policy.getProperties().getReadTimeout();
		Duration timeout = (remaining.compareTo(readTimeout) < 0) ? remaining : readTimeout;
		ClientRequest withBudget = ClientRequest.from(request)
			.headers((headers) -> headers.set(this.deadlineHeader, Long.toString(Math.max(1, timeout.toMillis()))))
			.build();
		// each attempt ends in a response or a failure; only then is the next attempt decided, once
		return next.exchange(withBudget)
			.timeout(timeout)
			.map(Attempted::of)
			.onErrorResume((failure) -> Mono.just(Attempted.failed(failure)))
			.flatMap((attempted) -> (attempted.failure() != null)
					? afterFailure(attempted.failure(), number, maxAttempts, request, next, deadline)
					: afterResponse(attempted.response(), number, maxAttempts, request, next, deadline));
	}

	private Mono<ClientResponse> afterFailure(Throwable failure, int number, int maxAttempts, ClientRequest request,
			ExchangeFunction next, Deadline deadline) {
		if (deadline.isExpired()) {
			return Mono.error(new DeadlineExceededException(this.policy.getName(),
					this.policy.getProperties().getDeadline(), failure));
		}
		boolean retryable = EXCEPTIONS.isRetryable(failure) || failure instanceof TimeoutException;
		Duration wait = (number < maxAttempts && retryable) ? this.policy.nextRetryDelay(number, null) : null;
		if (wait == null || wait.compareTo(deadline.remaining()) >= 0) {
			return Mono.error(failure);
		}
		return Mono.delay(wait).then(Mono.defer(() -> attempt(number + 1, maxAttempts, request, next, deadline)));
	}

	private Mono<ClientResponse> afterResponse(ClientResponse response, int number, int maxAttempts,
			ClientRequest request, ExchangeFunction next, Deadline deadline) {
		Verdict verdict = HttpCallOutcomes.classify(response.statusCode().value(), response.headers().asHttpHeaders());
		if (!verdict.retryable() || number >= maxAttempts) {
			return Mono.just(response);
		}
		Duration wait = this.policy.nextRetryDelay(number, verdict.retryAfter());
		if (wait == null || wait.compareTo(deadline.remaining()) >= 0) {
			return Mono.just(response);
		}
		return response.releaseBody()
			.then(Mono.delay(wait))
			.then(Mono.defer(() -> attempt(number + 1, maxAttempts, request, next, deadline)));
	}

	private record Attempted(@Nullable ClientResponse response, @Nullable Throwable failure) {

		static Attempted of(ClientResponse response) {
			return new Attempted(response, null);
		}

		static Attempted failed(Throwable failure) {
			return new Attempted(null, failure);
		}

	}

}
