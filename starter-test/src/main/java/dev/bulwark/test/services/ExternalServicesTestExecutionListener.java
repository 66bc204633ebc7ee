package dev.bulwark.test.services;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Registered in {@code META-INF/spring.factories}: closes the context of an {@link ExternalServices} class after the
 * class, which drops its database and virtual host at once instead of keeping them (and their connections) until the
 * test run ends. No other class can reuse that context: its resources are named after the class.
 */
public class ExternalServicesTestExecutionListener extends AbstractTestExecutionListener {

	/**
	 * Just before Spring's {@code DirtiesContextTestExecutionListener} (3000): after-class callbacks run in reverse
	 * order, so the other listeners' {@code afterTestClass} work (such as {@code @Sql} after the class) is done first.
	 */
	@Override
	public int getOrder() {
		return 2999;
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		if (AnnotatedElementUtils.hasAnnotation(testContext.getTestClass(), ExternalServices.class)
				&& testContext.hasApplicationContext()) {
			testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
		}
	}

}
