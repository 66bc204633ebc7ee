package dev.bulwark.resilience.policy;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The named policies, to use around any code:
 * {@code policies.call("inventory", () -> inventory.reserve(order))}. Calls run on the caller's thread.
 */
public class ResiliencePolicies {

	private final Map<String, ClientPolicy> policies;

	public ResiliencePolicies(Map<String, ClientPolicy> policies) {
		this.policies = Map.copyOf(policies);
	}

	/**
	 * @param name a name under {@code bulwark.resilience.clients}
	 * @return its policy
	 * @throws IllegalArgumentException for a name that is not configured
	 */
	public ClientPolicy get(String name) {
		ClientPolicy policy = this.policies.get(name);
		if (policy == null) {
			throw new IllegalArgumentException("No resilience policy named '" + name
					+ "': declare it under bulwark.resilience.clients." + name + " (known: " + names() + ")");
		}
		return policy;
	}

	/**
	 * @return the configured names
	 */
	public Set<String> names() {
		return this.policies.keySet();
	}

	/**
	 * Runs {@code call} under the named policies, retrying I/O failures: use it for idempotent work only.
	 * @param <T> the result type
	 * @param name the policy name
	 * @param call the work
	 * @return its result
	 */
	public <T> T call(String name, Supplier<T> call) {
		return run(name, true, call);
	}

	/**
	 * Runs {@code call} under the named policies, answering with {@code fallback} when the call fails or is refused
	 * (open circuit, full bulkhead, spent deadline).
	 * @param <T> the result type
	 * @param name the policy name
	 * @param call the work
	 * @param fallback the degraded answer, given the failure
	 * @return the call's result or the fallback's
	 */
	public <T> T call(String name, Supplier<T> call, Function<Throwable, T> fallback) {
		try {
			return run(name, true, call);
		}
		catch (RuntimeException ex) {
			return fallback.apply(ex);
		}
	}

	/**
	 * Runs {@code call} under the named policies without retries, for work that must not be repeated.
	 * @param <T> the result type
	 * @param name the policy name
	 * @param call the work
	 * @return its result
	 */
	public <T> T callOnce(String name, Supplier<T> call) {
		return run(name, false, call);
	}

	private <T> T run(String name, boolean retryAllowed, Supplier<T> call) {
		try {
			return get(name).execute(retryAllowed, (number, budget) -> call.get(), CallOutcomes.exceptionsOnly());
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry '" + name + "'", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
