package dev.bulwark.sample.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.bulwark.sample.support.PackagedService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar started with the {@code java -jar} line of {@code docs/deployment.md}, as a user copies it: it
 * serves, stops on SIGTERM, and writes only JSON lines on stdout and stderr.
 */
class DocumentedLaunchIT {

	private static final Path DEPLOYMENT_DOCS = Path.of("..", "docs", "deployment.md");

	@Test
	void theJarStartedAsTheDocsSayLogsOnlyJson() throws Exception {
		Matcher documented = Pattern.compile("(?m)^(java .*-jar sample-service/target/sample-service\\.jar)$")
			.matcher(Files.readString(DEPLOYMENT_DOCS));
		assertThat(documented.find()).as("docs/deployment.md's java -jar line").isTrue();
		List<String> command = new ArrayList<>(PackagedService.withThisJava(List.of(documented.group(1).split("\\s+"))));
		PackagedService.assertServesAndLogsOnlyJson(Path.of(".."), command, "documented-launch-it");
	}

}
