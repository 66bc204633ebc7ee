package dev.bulwark.sample.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every property described by a {@code META-INF/spring-configuration-metadata.json} on the class path: Spring
 * Boot's, the Bulwark starters' and the sample's own.
 */
public final class ConfigurationMetadata {

	private final Map<String, JsonNode> properties = new TreeMap<>();

	private ConfigurationMetadata() {
	}

	/**
	 * @return the metadata of the test's class path
	 */
	public static ConfigurationMetadata load() {
		ConfigurationMetadata metadata = new ConfigurationMetadata();
		try {
			for (URL resource : Collections.list(ConfigurationMetadata.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = resource.openStream()) {
					for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
						metadata.properties.put(property.path("name").asString(), property);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return metadata;
	}

	/**
	 * @return each property by name, sorted
	 */
	public Map<String, JsonNode> properties() {
		return this.properties;
	}

	/**
	 * @param name a property name as written in YAML, possibly with list indexes or map keys
	 * @return whether it is a described property, or an entry of a described list or map property
	 */
	public boolean describes(String name) {
		String plain = name.replaceAll("\\[\\d+]", "");
		if (this.properties.containsKey(plain)) {
			return true;
		}
		// an element of a list of objects, or an entry of a map: a described prefix of type List or Map
		for (int dot = plain.lastIndexOf('.'); dot > 0; dot = plain.lastIndexOf('.', dot - 1)) {
			JsonNode property = this.properties.get(plain.substring(0, dot));
			if (property != null) {
				String type = property.path("type").asString();
				return type.startsWith("java.util.Map") || type.startsWith("java.util.List");
			}
		}
		return false;
	}

	/**
	 * @param variable an environment variable
	 * @return whether Spring Boot's relaxed binding maps it onto a described property
	 */
	public boolean describesEnvironmentVariable(String variable) {
		return this.properties.keySet()
			.stream()
			.anyMatch((name) -> name.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT).equals(variable));
	}

}
