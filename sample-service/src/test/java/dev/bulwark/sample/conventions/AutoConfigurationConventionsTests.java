package dev.bulwark.sample.conventions;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Bulwark auto-configuration on the sample's class path follows the conventions users rely on: it is a final
 * {@code @AutoConfiguration}, and each of its beans can be replaced by declaring one of your own.
 */
class AutoConfigurationConventionsTests {

	static Stream<Class<?>> bulwarkAutoConfigurations() throws IOException, ClassNotFoundException {
		List<Class<?>> classes = new ArrayList<>();
		ClassLoader loader = AutoConfigurationConventionsTests.class.getClassLoader();
		for (URL url : Collections.list(loader
			.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))) {
			try (var in = url.openStream()) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					String name = line.strip();
					if (name.startsWith("dev.bulwark.")) {
						classes.add(Class.forName(name, false, loader));
					}
				}
			}
		}
		return classes.stream();
	}

	@Test
	void everyStarterRegistersItsAutoConfigurations() throws Exception {
		assertThat(bulwarkAutoConfigurations().map(Class::getPackageName))
			.anySatisfy((name) -> assertThat(name).startsWith("dev.bulwark.core"))
			.anySatisfy((name) -> assertThat(name).startsWith("dev.bulwark.observability"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bulwarkAutoConfigurations")
	void isAFinalAutoConfiguration(Class<?> type) {
		assertThat(type).hasAnnotation(AutoConfiguration.class);
		assertThat(Modifier.isFinal(type.getModifiers())).as("final").isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bulwarkAutoConfigurations")
	void everyBeanBacksOffForTheUsersOwn(Class<?> type) throws IOException {
		List<String> unguarded = new ArrayList<>();
		// read from bytecode: nested configurations may refer to classes the sample does not have
		collectUnguardedBeans(type.getName(), new SimpleMetadataReaderFactory(), unguarded);
		assertThat(unguarded).as("@Bean methods without @ConditionalOnMissingBean").isEmpty();
	}

	private static void collectUnguardedBeans(String className, MetadataReaderFactory readers, List<String> unguarded)
			throws IOException {
		MetadataReader reader = readers.getMetadataReader(className);
		for (MethodMetadata method : reader.getAnnotationMetadata().getAnnotatedMethods(Bean.class.getName())) {
			// static @Bean methods are for post-processors, which must exist before any condition can see user beans
			boolean postProcessor = method.isStatic();
			if (!postProcessor && !method.isAnnotated(ConditionalOnMissingBean.class.getName())) {
				unguarded.add(className + "#" + method.getMethodName());
			}
		}
		for (String nested : reader.getClassMetadata().getMemberClassNames()) {
			if (readers.getMetadataReader(nested).getAnnotationMetadata().isAnnotated(Configuration.class.getName())) {
				collectUnguardedBeans(nested, readers, unguarded);
			}
		}
	}

}
