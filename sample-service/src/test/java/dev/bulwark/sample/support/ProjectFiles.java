package dev.bulwark.sample.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that sit next to the service's project: in the Bulwark repository they are one directory up (the sample is
 * a module), in a service generated from the archetype they are in the project itself.
 */
public final class ProjectFiles {

	private ProjectFiles() {
	}

	/**
	 * @param relative a path such as {@code deploy/kubernetes} or {@code ops/prometheus/bulwark-alerts.yml}
	 * @return where it is
	 */
	public static Path find(String relative) {
		Path own = Path.of(relative);
		return Files.exists(own) ? own : Path.of("..").resolve(relative);
	}

}
