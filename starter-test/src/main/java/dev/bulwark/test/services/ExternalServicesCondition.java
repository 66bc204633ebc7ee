package dev.bulwark.test.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Skips, or fails, a test class whose {@link ExternalServices} cannot all be had, before Spring starts anything, with
 * a message saying which service is missing and how to provide it.
 */
public class ExternalServicesCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		ExternalServices services = context.getTestClass()
			.map((type) -> AnnotatedElementUtils.findMergedAnnotation(type, ExternalServices.class))
			.orElse(null);
		if (services == null) {
			return ConditionEvaluationResult.enabled("no external services asked for");
		}
		List<String> problems = new ArrayList<>();
		for (ExternalService service : services.value()) {
			ServiceEndpoints.Resolution resolution = ServiceEndpoints.resolve(service);
			if (resolution.problem() != null) {
				problems.add(resolution.problem());
			}
		}
		if (problems.isEmpty()) {
			return ConditionEvaluationResult.enabled("all external services are available");
		}
		String message = String.join("; ", problems);
		if (failWhenMissing()) {
			throw new ExtensionConfigurationException(message + " (bulwark.test.services.missing=fail)");
		}
		return ConditionEvaluationResult.disabled(message + " (set bulwark.test.services.missing=fail to fail instead)");
	}

	static boolean failWhenMissing() {
		String defaultValue = "true".equalsIgnoreCase(System.getenv("CI")) ? "fail" : "skip";
		return ServiceEndpoints.setting("bulwark.test.services.missing", defaultValue)
			.toLowerCase(Locale.ROOT)
			.equals("fail");
	}

}
