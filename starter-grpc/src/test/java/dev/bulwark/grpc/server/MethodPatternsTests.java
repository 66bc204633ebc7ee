package dev.bulwark.grpc.server;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MethodPatternsTests {

	@ParameterizedTest
	@CsvSource({ "orders.v1.OrderService/GetOrder, orders.v1.OrderService/GetOrder, true",
			"orders.v1.OrderService/GetOrder, orders.v1.OrderService/ListOrders, false",
			"orders.v1.OrderService/*, orders.v1.OrderService/ListOrders, true",
			"orders.v1.OrderService/*, orders.v1.OrderServiceAdmin/Purge, false",
			"orders.v1.OrderService/*, orders.v2.OrderService/GetOrder, false", "*, grpc.health.v1.Health/Check, true" })
	void matchesFullMethodNames(String pattern, String method, boolean matches) {
		assertThat(MethodPatterns.of(List.of(pattern)).matches(method)).isEqualTo(matches);
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders.v1.*/GetOrder", "orders.v1.OrderService/Get*", "**", " ", "orders.v1.OrderService",
			"orders.v1.OrderService/", "/orders.v1.OrderService/GetOrder", "orders.v1/OrderService/GetOrder" })
	void refusesPatternsItCannotHonour(String pattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> MethodPatterns.of(List.of(pattern)))
			.withMessageContaining("package.Service/Method");
	}

}
