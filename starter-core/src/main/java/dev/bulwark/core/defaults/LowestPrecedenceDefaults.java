package dev.bulwark.core.defaults;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Adds defaults below everything a user can set. They go into Spring Boot's {@code defaultProperties} source, which
 * Boot keeps last and which {@code @PropertySource} files are placed before; values already there (from
 * {@code SpringApplication.setDefaultProperties}) win over Bulwark's.
 */
public final class LowestPrecedenceDefaults {

	private LowestPrecedenceDefaults() {
	}

	/**
	 * @param environment the environment to add to
	 * @param defaults the defaults, by property name
	 */
	@SuppressWarnings("unchecked")
	public static void apply(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		MutablePropertySources sources = environment.getPropertySources();
		Map<String, Object> merged = new LinkedHashMap<>(defaults);
		PropertySource<?> existing = sources.get(DefaultPropertiesPropertySource.NAME);
		if (existing != null && existing.getSource() instanceof Map<?, ?> existingValues) {
			merged.putAll((Map<String, Object>) existingValues);
			sources.replace(DefaultPropertiesPropertySource.NAME, new DefaultPropertiesPropertySource(merged));
		}
		else {
			sources.addLast(new DefaultPropertiesPropertySource(merged));
		}
	}

}
