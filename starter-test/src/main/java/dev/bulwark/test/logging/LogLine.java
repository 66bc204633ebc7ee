package dev.bulwark.test.logging;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One log line as the application's console encoder writes it (Spring Boot's structured JSON, secrets masked), parsed.
 *
 * @param json the line's members
 * @param text the line as written
 */
public record LogLine(JsonNode json, String text) {

	/**
	 * A member by its path: nested objects ({@code log.logger} in ECS) or a flat name with dots ({@code trace.id}).
	 * @param path the member's path
	 * @return its text, or {@code null} when the line has none
	 */
	public @Nullable String get(String path) {
		JsonNode flat = this.json.get(path);
		if (flat != null && !flat.isMissingNode() && !flat.isNull()) {
			return flat.isValueNode() ? flat.asString() : flat.toString();
		}
		JsonNode node = this.json;
		for (String part : path.split("\\.")) {
			node = node.path(part);
		}
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	/**
	 * @return the line's message
	 */
	public @Nullable String message() {
		return get("message");
	}

}
