package dev.bulwark.test.services;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Registered in {@code META-INF/spring.factories}: gives a test class annotated with {@link ExternalServices} the
 * connections to its services.
 */
public class ExternalServicesContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		ExternalServices services = AnnotatedElementUtils.findMergedAnnotation(testClass, ExternalServices.class);
		return (services != null) ? new ExternalServicesContextCustomizer(testClass, Set.of(services.value())) : null;
	}

}
