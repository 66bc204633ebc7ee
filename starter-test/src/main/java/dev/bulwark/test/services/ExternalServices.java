package dev.bulwark.test.services;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@code @SpringBootTest} class against real services: from Testcontainers when a Docker engine is available,
 * otherwise from services already running (their usual localhost ports, or {@code bulwark.test.<service>.url} as a
 * system property or {@code BULWARK_TEST_<SERVICE>_URL} in the environment). Boot's {@code ConnectionDetails} point the
 * application at them, and each test class gets its own database, virtual host or prefix, so that classes do not see
 * each other's data.
 * <p>
 * When a service is in neither place, the class is skipped with a message saying how to provide it, or fails when
 * {@code bulwark.test.services.missing=fail} (the default when the environment variable {@code CI} is {@code true}).
 * {@code bulwark.test.services.mode} chooses {@code auto} (the default), {@code docker} or {@code running}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @ExternalServices({ ExternalService.POSTGRESQL, ExternalService.RABBITMQ })
 * class OrdersRepositoryTests { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ExternalServicesCondition.class)
public @interface ExternalServices {

	/**
	 * @return the services the tests need
	 */
	ExternalService[] value();

}
