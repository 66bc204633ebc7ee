package dev.bulwark.sample.orders;

import java.util.Set;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.bulwark.sample.orders.grpc.v1.CreateOrderRequest;
import dev.bulwark.sample.orders.grpc.v1.GetOrderRequest;
import dev.bulwark.sample.orders.grpc.v1.Item;
import dev.bulwark.sample.orders.grpc.v1.ListOrdersRequest;
import dev.bulwark.sample.orders.grpc.v1.ListOrdersResponse;
import dev.bulwark.sample.orders.grpc.v1.Order;
import dev.bulwark.sample.orders.grpc.v1.OrderServiceGrpc;
import dev.bulwark.sample.orders.grpc.v1.OrderStatus;

import org.springframework.grpc.server.service.GrpcService;

/**
 * The orders API over gRPC ({@code src/main/proto/orders/v1/orders.proto}): the same service, validation and errors
 * as {@link OrderController}. Bulwark maps what it throws to statuses: invalid input to {@code INVALID_ARGUMENT} with
 * the field violations, an unknown order to {@code NOT_FOUND}.
 */
@GrpcService
class OrderGrpcService extends OrderServiceGrpc.OrderServiceImplBase {

	private final OrderService service;

	private final Validator validator;

	OrderGrpcService(OrderService service, Validator validator) {
		this.service = service;
		this.validator = validator;
	}

	@Override
	public void createOrder(CreateOrderRequest request, StreamObserver<Order> responses) {
		OrderApi.CreateOrder order = new OrderApi.CreateOrder(request.getCustomerId(), request.getItemsList()
			.stream()
			.map((item) -> new OrderApi.Item(item.getSku(), item.getQuantity()))
			.toList());
		requireValid(order);
		responses.onNext(toProto(OrderApi.OrderView.of(this.service.place(order))));
		responses.onCompleted();
	}

	@Override
	public void getOrder(GetOrderRequest request, StreamObserver<Order> responses) {
		responses.onNext(toProto(OrderApi.OrderView.of(this.service.get(request.getId()))));
		responses.onCompleted();
	}

	@Override
	public void listOrders(ListOrdersRequest request, StreamObserver<ListOrdersResponse> responses) {
		PageQuery query = new PageQuery(request.getPage(), (request.getPageSize() == 0) ? 20 : request.getPageSize());
		requireValid(query);
		OrderApi.OrderPage page = this.service.list(request.getCustomerId().isEmpty() ? null : request.getCustomerId(),
				query.page(), query.pageSize());
		responses.onNext(ListOrdersResponse.newBuilder()
			.addAllOrders(page.content().stream().map(OrderGrpcService::toProto).toList())
			.setPage(page.page())
			.setPageSize(page.size())
			.setTotalElements(page.totalElements())
			.setTotalPages(page.totalPages())
			.build());
		responses.onCompleted();
	}

	private <T> void requireValid(T request) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
	}

	private static Order toProto(OrderApi.OrderView order) {
		Order.Builder proto = Order.newBuilder()
			.setId(order.id())
			.setCustomerId(order.customerId())
			.setStatus(OrderStatus.valueOf(order.status().name()))
			.setCreatedAt(Timestamp.newBuilder()
				.setSeconds(order.createdAt().getEpochSecond())
				.setNanos(order.createdAt().getNano()))
			.addAllItems(order.items()
				.stream()
				.map((item) -> Item.newBuilder().setSku(item.sku()).setQuantity(item.quantity()).build())
				.toList());
		if (order.statusReason() != null) {
			proto.setStatusReason(order.statusReason());
		}
		return proto.build();
	}

	/**
	 * A page asked for, with the HTTP API's bounds.
	 *
	 * @param page the page, from 0
	 * @param pageSize the page size
	 */
	record PageQuery(@Min(0) int page, @Min(1) @Max(100) int pageSize) {
	}

}
