package dev.bulwark.sample.orders;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bulwark.sample.OrdersApplication;
import dev.bulwark.sample.orders.grpc.v1.CreateOrderRequest;
import dev.bulwark.sample.orders.grpc.v1.GetOrderRequest;
import dev.bulwark.sample.orders.grpc.v1.Item;
import dev.bulwark.sample.orders.grpc.v1.ListOrdersRequest;
import dev.bulwark.sample.orders.grpc.v1.Order;
import dev.bulwark.sample.orders.grpc.v1.OrderServiceGrpc;
import dev.bulwark.sample.orders.grpc.v1.OrderStatus;
import dev.bulwark.sample.support.SampleTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The orders API over gRPC, on a real Netty server: the same service, rules and errors as over HTTP.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class OrdersGrpcTests {

	@Autowired
	GrpcServerLifecycle server;

	ManagedChannel channel;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		SampleTokens.register(registry);
	}

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext().build();
	}

	@AfterEach
	void disconnect() {
		this.channel.shutdownNow();
	}

	@Test
	void anOrderPlacedOverGrpcCanBeReadBack() {
		Order placed = orders("orders:read orders:write").createOrder(CreateOrderRequest.newBuilder()
			.setCustomerId("grpc-1")
			.addItems(Item.newBuilder().setSku("BOOK-1").setQuantity(2))
			.build());
		Order read = orders("orders:read").getOrder(GetOrderRequest.newBuilder().setId(placed.getId()).build());
		assertThat(read.getCustomerId()).isEqualTo("grpc-1");
		assertThat(read.getItemsList()).extracting(Item::getSku, Item::getQuantity)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("BOOK-1", 2));
		assertThat(read.getStatus()).isIn(OrderStatus.PLACED, OrderStatus.CONFIRMED);
		assertThat(read.getCreatedAt().getSeconds()).isPositive();
		assertThat(orders("orders:read")
			.listOrders(ListOrdersRequest.newBuilder().setCustomerId("grpc-1").build())
			.getOrdersList()).extracting(Order::getId).contains(placed.getId());
	}

	@Test
	void anInvalidOrderListsEveryFieldViolation() {
		StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class,
				() -> orders("orders:write").createOrder(CreateOrderRequest.newBuilder()
					.setCustomerId(" ")
					.addItems(Item.newBuilder().setSku("no spaces!").setQuantity(0))
					.build()));
		assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		BadRequest badRequest = StatusProto.fromThrowable(refusal).getDetailsList().stream()
			.filter((detail) -> detail.is(BadRequest.class))
			.map((detail) -> {
				try {
					return detail.unpack(BadRequest.class);
				}
				catch (com.google.protobuf.InvalidProtocolBufferException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.findFirst()
			.orElseThrow();
		assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
			.containsExactly("customerId", "items[0].quantity", "items[0].sku");
	}

	@Test
	void errorsAndAccessRulesAreTheHttpApis() {
		assertThat(code(() -> orders("orders:read").getOrder(GetOrderRequest.newBuilder().setId(987_654_321).build())))
			.isEqualTo(Status.Code.NOT_FOUND);
		assertThat(code(() -> orders("orders:read").createOrder(CreateOrderRequest.newBuilder()
			.setCustomerId("c")
			.addItems(Item.newBuilder().setSku("A").setQuantity(1))
			.build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(code(() -> OrderServiceGrpc.newBlockingStub(this.channel)
			.getOrder(GetOrderRequest.newBuilder().setId(1).build()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(code(() -> orders("orders:read").listOrders(ListOrdersRequest.newBuilder().setPageSize(500).build())))
			.isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void anotherCustomersOrdersDoNotExistUnlessTheTokenHasTheAdminScope() {
		Order placed = ordersOf("grpc-owner", "orders:write").createOrder(CreateOrderRequest.newBuilder()
			.setCustomerId("grpc-owner")
			.addItems(Item.newBuilder().setSku("OWN-1").setQuantity(1))
			.build());
		GetOrderRequest get = GetOrderRequest.newBuilder().setId(placed.getId()).build();
		assertThat(code(() -> ordersOf("grpc-other", "orders:read").getOrder(get))).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(code(() -> ordersOf("grpc-other", "orders:read")
			.listOrders(ListOrdersRequest.newBuilder().setCustomerId("grpc-owner").build())))
			.isEqualTo(Status.Code.NOT_FOUND);
		assertThat(ordersOf("grpc-other", "orders:read").listOrders(ListOrdersRequest.getDefaultInstance())
			.getOrdersList()).extracting(Order::getCustomerId).doesNotContain("grpc-owner");
		assertThat(code(() -> ordersOf("grpc-other", "orders:write").createOrder(CreateOrderRequest.newBuilder()
			.setCustomerId("grpc-owner")
			.addItems(Item.newBuilder().setSku("OWN-1").setQuantity(1))
			.build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(ordersOf("grpc-owner", "orders:read").getOrder(get).getId()).isEqualTo(placed.getId());
		assertThat(ordersOf("back-office", "orders:read orders:admin").getOrder(get).getCustomerId())
			.isEqualTo("grpc-owner");
	}

	@Test
	void theHealthServiceAnswersWithoutAToken() {
		assertThat(HealthGrpc.newBlockingStub(this.channel)
			.check(HealthCheckRequest.newBuilder().setService("orders.v1.OrderService").build())
			.getStatus()).isEqualTo(ServingStatus.SERVING);
	}

	private OrderServiceGrpc.OrderServiceBlockingStub orders(String scope) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
				"Bearer " + SampleTokens.customerToken("grpc-1", scope));
		return OrderServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private OrderServiceGrpc.OrderServiceBlockingStub ordersOf(String customer, String scope) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
				"Bearer " + SampleTokens.customerToken(customer, scope));
		return OrderServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static Status.Code code(Runnable call) {
		return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
	}

}
