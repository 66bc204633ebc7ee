package dev.bulwark.test.services;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points one test class's application context at its services, each isolated under a name of the class's own (a
 * database, a virtual host, prefixes), removed again when the context closes: {@link ExternalServicesTestExecutionListener}
 * closes it after the class, since no other class can share it.
 */
final class ExternalServicesContextCustomizer implements ContextCustomizer {

	private final Class<?> testClass;

	private final Set<ExternalService> services;

	ExternalServicesContextCustomizer(Class<?> testClass, Set<ExternalService> services) {
		this.testClass = testClass;
		this.services = services;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
		String isolation = isolationName(this.testClass);
		DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
		try {
			for (ExternalService service : this.services) {
				ServiceEndpoint endpoint = ServiceEndpoints.resolve(service).endpoint();
				if (endpoint == null) {
					throw new IllegalStateException(ServiceEndpoints.resolve(service).problem());
				}
				switch (service) {
					case POSTGRESQL -> PostgresConnection.register(context, beans, endpoint, isolation);
					case REDIS -> RedisConnection.register(context, beans, endpoint, isolation);
					case RABBITMQ -> RabbitConnection.register(context, beans, endpoint, isolation);
					case NATS -> NatsConnection.register(context, endpoint, isolation);
					case KAFKA -> KafkaConnection.register(context, beans, endpoint, isolation);
				}
			}
		}
		catch (RuntimeException ex) {
			// what was made for the services before the failure (a database, a virtual host) goes again
			beans.destroySingletons();
			throw ex;
		}
	}

	/**
	 * @param testClass the test class
	 * @return a name for its isolated resources: lower-case letters, digits and underscores, unique to this run
	 */
	static String isolationName(Class<?> testClass) {
		String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (simple.length() > 40) {
			simple = simple.substring(0, 40);
		}
		return "bulwark_" + simple + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ExternalServicesContextCustomizer customizer
				&& this.testClass.equals(customizer.testClass) && this.services.equals(customizer.services);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.testClass, this.services);
	}

}
