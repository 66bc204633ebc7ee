package dev.bulwark.sample.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulwark.sample.support.ConfigurationMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference, {@code docs/configuration-reference.md}, is generated from every Bulwark module's
 * {@code spring-configuration-metadata.json} (written by Spring Boot's configuration processor from the properties
 * classes and their javadoc), so it cannot fall behind the code: this test fails when the checked-in page differs
 * from what the metadata gives. Run it with {@code -Dbulwark.docs.update=true} to rewrite the page.
 */
class ConfigurationReferenceTests {

	static final Path REFERENCE = Path.of("..", "docs", "configuration-reference.md");

	@Test
	void checkedInReferenceMatchesTheConfigurationMetadata() throws IOException {
		String generated = generate();
		Path target = Path.of("target", "configuration-reference.md");
		Files.writeString(target, generated);
		if (Boolean.getBoolean("bulwark.docs.update")) {
			Files.writeString(REFERENCE, generated);
		}
		assertThat(REFERENCE).as("docs/configuration-reference.md is out of date: compare it with " + target.toAbsolutePath()
				+ ", or rewrite it with ./mvnw -pl sample-service -am verify -Dtest=ConfigurationReferenceTests "
				+ "-Dsurefire.failIfNoSpecifiedTests=false -Dbulwark.docs.update=true")
			.hasContent(generated);
	}

	/**
	 * @return the reference page, one table per group of properties, for every property named {@code bulwark.*}
	 */
	static String generate() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		ConfigurationMetadata.load().properties().forEach((name, property) -> {
			if (name.startsWith("bulwark.")) {
				properties.put(name, property);
			}
		});
		StringBuilder page = new StringBuilder("""
				# Configuration reference

				Every `bulwark.*` property, generated from the configuration metadata of the Bulwark starters (Spring
				Boot's configuration processor writes it from the properties classes and their javadoc). Do not edit
				this page: `ConfigurationReferenceTests` in the sample service regenerates it and fails when it is out
				of date. Spring Boot's own properties are in its
				[reference](https://docs.spring.io/spring-boot/appendix/application-properties/index.html).
				""");
		String group = "";
		for (JsonNode property : properties.values()) {
			String name = property.path("name").asString();
			String next = groupOf(name);
			if (!next.equals(group)) {
				group = next;
				page.append("\n## `").append(group).append("`\n\n| Property | Type | Default | Description |\n|---|---|---|---|\n");
			}
			page.append("| `").append(name).append("` | ").append(cell(simpleType(property.path("type").asString())))
				.append(" | ").append(defaultValue(property.path("defaultValue"))).append(" | ")
				.append(cell(property.path("description").asString()))
				.append(property.path("deprecated").asBoolean() ? " *Deprecated.*" : "")
				.append(" |\n");
		}
		return page.toString();
	}

	private static String groupOf(String name) {
		String[] parts = name.split("\\.");
		return (parts.length > 3) ? parts[0] + "." + parts[1] + "." + parts[2] : parts[0] + "." + parts[1];
	}

	private static String simpleType(String type) {
		return type.replaceAll("[a-z][a-zA-Z0-9_]*\\.", "").replace('$', '.');
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			StringBuilder values = new StringBuilder();
			value.forEach((item) -> values.append((values.length() > 0) ? ", " : "").append(item.asString()));
			return "`" + cell(values.toString()) + "`";
		}
		return "`" + cell(value.asString()) + "`";
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\r", "").replace("\n", " ").replaceAll("\\s+", " ").trim();
	}

}
