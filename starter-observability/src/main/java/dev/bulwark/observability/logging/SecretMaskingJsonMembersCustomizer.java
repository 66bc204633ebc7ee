package dev.bulwark.observability.logging;

import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.JsonWriter.ValueProcessor;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Applies {@link SecretMasker} to every string value of every structured (JSON) log line: the message, MDC values,
 * key-value pairs and stack traces. Registered by default through {@code logging.structured.json.customizer}.
 */
public class SecretMaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

	@Override
	public void customize(Members<Object> members) {
		members.applyingValueProcessor(ValueProcessor.of(String.class, SecretMasker::mask));
	}

}
