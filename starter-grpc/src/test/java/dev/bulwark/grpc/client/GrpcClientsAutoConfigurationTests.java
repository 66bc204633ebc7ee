package dev.bulwark.grpc.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bulwark.core.diagnostics.InvalidBulwarkPropertyException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcClientsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class,
					CompositeChannelFactoryAutoConfiguration.class,
					GrpcClientsAutoConfiguration.class));

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "bulwark.grpc.clients.inventory.deadline=2s | bulwark.grpc.clients.inventory.address",
			"bulwark.grpc.clients.inventory.address=static://127.0.0.1:1 | bulwark.grpc.clients.inventory.retry.max-attempts",
			"bulwark.grpc.clients.inventory.address=static://127.0.0.1:1 | bulwark.grpc.clients.inventory.retry.retryable-status-codes" })
	void aBadClientStopsTheStartNamingTheProperty(String first, String property) {
		String second = property.endsWith("max-attempts") ? property + "=0"
				: property.endsWith("codes") ? property + "=UNAVAILABLE,OOPS" : "bulwark.grpc.clients.inventory.deadline=2s";
		this.runner.withPropertyValues(first, second).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidBulwarkPropertyException.class)
				.hasMessageContaining(property);
		});
	}

	@Test
	void aNamedClientsChannelIsMadeOnce() {
		this.runner.withPropertyValues("bulwark.grpc.clients.inventory.address=static://127.0.0.1:1").run((context) -> {
			ResilientGrpcChannels channels = context.getBean(ResilientGrpcChannels.class);
			assertThat(channels.channel("inventory")).isSameAs(channels.channel("inventory"));
		});
	}

	@Test
	void theRetryPolicyIsAServiceConfigForEveryMethod() {
		GrpcClientsProperties.Retry retry = new GrpcClientsProperties.Retry();
		assertThat(ResilientGrpcChannels.serviceConfig(retry)).isEqualTo(Map.of("methodConfig",
				List.of(Map.of("name", List.of(Map.of()), "retryPolicy",
						Map.of("maxAttempts", 3.0, "initialBackoff", "0.100000000s", "maxBackoff", "1.000000000s",
								"backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"))))));
		retry.setMaxAttempts(1);
		assertThat(ResilientGrpcChannels.serviceConfig(retry)).isEmpty();
	}

}
