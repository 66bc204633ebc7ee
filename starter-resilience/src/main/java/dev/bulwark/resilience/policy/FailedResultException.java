package dev.bulwark.resilience.policy;

/**
 * Stands for a result that counted as a failure (such as a 5xx response) when it is recorded by the circuit
 * breaker. Never thrown to callers.
 */
public class FailedResultException extends RuntimeException {

	public FailedResultException(String description) {
		super(description, null, false, false);
	}

}
