package dev.bulwark.core.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidBulwarkPropertyException} into Spring Boot's "APPLICATION FAILED TO START" report,
 * naming the property, the value and what to do, without a stack trace.
 */
class InvalidBulwarkPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBulwarkPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidBulwarkPropertyException cause) {
		String description = "Property: " + cause.getProperty() + "\n    Value: \"" + cause.getValue() + "\"\n    Reason: "
				+ cause.getReason();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
