package dev.bulwark.core.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.util.AntPathMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AntPathSet} decides as Spring's {@link AntPathMatcher} does, for every kind of pattern it answers itself
 * and for those it hands to the matcher.
 */
class AntPathSetTests {

	private static final List<String> PATTERNS = List.of("/health", "/health/", "health", "/", "", "/actuator/**",
			"/api/v1/**", "/api/*/orders", "/api/{id}", "/**", "**", "/a//b", "/a//**", "/a/**/b", "/*.json",
			"/files/**/*.txt", "/ready?");

	private static final List<String> SEGMENTS = List.of("", "health", "actuator", "api", "v1", "orders", "a", "b",
			"x.json", "readyz", "..", "health/");

	private final AntPathMatcher matcher = new AntPathMatcher();

	@Test
	void shouldMatchAsAntPathMatcherForEachPatternAlone() {
		for (String path : paths()) {
			for (String pattern : PATTERNS) {
				assertThat(AntPathSet.of(List.of(pattern)).matches(path))
					.as("pattern %s, path %s", pattern, path)
					.isEqualTo(this.matcher.match(pattern, path));
			}
		}
	}

	@Test
	void shouldMatchWhenAnyPatternMatches() {
		List<String> defaults = List.of("/health", "/ready", "/metrics", "/actuator/**");
		AntPathSet set = AntPathSet.of(defaults);
		for (String path : paths()) {
			boolean expected = defaults.stream().anyMatch((pattern) -> this.matcher.match(pattern, path));
			assertThat(set.matches(path)).as(path).isEqualTo(expected);
		}
		assertThat(set.matches("/actuator/prometheus")).isTrue();
		assertThat(set.matches("//health")).isTrue();
		assertThat(set.matches("/actuatorx")).isFalse();
		assertThat(set.matches("/hello")).isFalse();
	}

	@Test
	void shouldMatchNothingWhenEmpty() {
		AntPathSet set = AntPathSet.of(List.of());
		assertThat(set.isEmpty()).isTrue();
		assertThat(set.matches("/")).isFalse();
	}

	/**
	 * Every path of up to three segments from {@link #SEGMENTS}, with and without a leading and a trailing slash,
	 * and random ones of up to six segments, doubled slashes included.
	 */
	private static List<String> paths() {
		List<String> paths = new ArrayList<>();
		for (String first : SEGMENTS) {
			for (String second : SEGMENTS) {
				for (String third : List.of("", "orders", "x.txt", "b")) {
					String relative = first + "/" + second + (third.isEmpty() ? "" : "/" + third);
					paths.add(relative);
					paths.add("/" + relative);
					paths.add("/" + relative + "/");
				}
			}
			paths.add(first);
			paths.add("/" + first);
		}
		Random random = new Random(9);
		for (int i = 0; i < 2000; i++) {
			StringBuilder path = new StringBuilder();
			for (int segment = random.nextInt(7); segment > 0; segment--) {
				path.append(random.nextInt(4) == 0 ? "//" : "/").append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
			}
			paths.add(path.toString());
		}
		return paths;
	}

}
