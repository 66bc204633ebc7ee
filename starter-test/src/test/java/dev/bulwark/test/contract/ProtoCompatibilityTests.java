package dev.bulwark.test.contract;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProtoCompatibilityTests {

	static final FileDescriptorProto RELEASED = FileDescriptorProto.newBuilder()
		.setName("orders.proto")
		.setPackage("orders.v1")
		.addMessageType(DescriptorProto.newBuilder()
			.setName("Order")
			.addField(field("id", 1, Type.TYPE_INT64))
			.addField(field("customer_id", 2, Type.TYPE_STRING))
			.addField(field("items", 3, Type.TYPE_MESSAGE).setTypeName(".orders.v1.Item").setLabel(Label.LABEL_REPEATED)))
		.addMessageType(DescriptorProto.newBuilder().setName("Item").addField(field("sku", 1, Type.TYPE_STRING)))
		.addMessageType(DescriptorProto.newBuilder().setName("GetOrderRequest").addField(field("id", 1, Type.TYPE_INT64)))
		.addEnumType(EnumDescriptorProto.newBuilder()
			.setName("OrderStatus")
			.addValue(EnumValueDescriptorProto.newBuilder().setName("ORDER_STATUS_UNSPECIFIED").setNumber(0))
			.addValue(EnumValueDescriptorProto.newBuilder().setName("PLACED").setNumber(1)))
		.addService(ServiceDescriptorProto.newBuilder()
			.setName("OrderService")
			.addMethod(MethodDescriptorProto.newBuilder()
				.setName("GetOrder")
				.setInputType(".orders.v1.GetOrderRequest")
				.setOutputType(".orders.v1.Order")))
		.build();

	static Stream<Arguments> breakingChanges() {
		return Stream.of(
				change("a removed field", (file) -> file.setMessageType(0, file.getMessageType(0).toBuilder().removeField(1)),
						"field orders.v1.Order.customer_id (2) was removed without reserving its number"),
				change("a retyped field", (file) -> file.setMessageType(0, file.getMessageType(0).toBuilder()
					.setField(0, field("id", 1, Type.TYPE_STRING))), "field orders.v1.Order.id (1) changed its type"),
				change("a renumbered field", (file) -> file.setMessageType(1, file.getMessageType(1).toBuilder()
					.setField(0, field("sku", 2, Type.TYPE_STRING))), "field orders.v1.Item.sku (1) was removed"),
				change("a renamed field", (file) -> file.setMessageType(1, file.getMessageType(1).toBuilder()
					.setField(0, field("stock_keeping_unit", 1, Type.TYPE_STRING))), "was renamed to stock_keeping_unit"),
				change("a repeated field made singular", (file) -> file.setMessageType(0, file.getMessageType(0).toBuilder()
					.setField(2, file.getMessageType(0).getField(2).toBuilder().setLabel(Label.LABEL_OPTIONAL))),
						"field orders.v1.Order.items (3) changed from LABEL_REPEATED to LABEL_OPTIONAL"),
				change("a removed message", (file) -> file.removeMessageType(1), "message orders.v1.Item was removed"),
				change("a removed field whose name is not reserved", (file) -> file.setMessageType(0,
						file.getMessageType(0).toBuilder().removeField(1).addReservedRange(
								DescriptorProto.ReservedRange.newBuilder().setStart(2).setEnd(3))),
						"field orders.v1.Order.customer_id (2) was removed without reserving its name"),
				change("a field moved into a oneof", (file) -> file.setMessageType(0, file.getMessageType(0).toBuilder()
					.addOneofDecl(OneofDescriptorProto.newBuilder().setName("reference"))
					.setField(1, file.getMessageType(0).getField(1).toBuilder().setOneofIndex(0))),
						"field orders.v1.Order.customer_id (2) moved from no oneof to oneof reference"),
				change("another JSON name", (file) -> file.setMessageType(1, file.getMessageType(1).toBuilder()
					.setField(0, field("sku", 1, Type.TYPE_STRING).setJsonName("SKU"))),
						"field orders.v1.Item.sku (1) changed its JSON name"),
				change("a removed enum value", (file) -> file.setEnumType(0, file.getEnumType(0).toBuilder().removeValue(1)),
						"enum value orders.v1.OrderStatus.PLACED (1) was removed"),
				change("a removed method", (file) -> file.setService(0, file.getService(0).toBuilder().removeMethod(0)),
						"method orders.v1.OrderService/GetOrder was removed"),
				change("a method with another request", (file) -> file.setService(0, file.getService(0).toBuilder()
					.setMethod(0, file.getService(0).getMethod(0).toBuilder().setInputType(".orders.v1.Item"))),
						"method orders.v1.OrderService/GetOrder changed from (.orders.v1.GetOrderRequest)"),
				change("a streaming method", (file) -> file.setService(0, file.getService(0).toBuilder()
					.setMethod(0, file.getService(0).getMethod(0).toBuilder().setServerStreaming(true))),
						"changed its streaming"),
				change("a removed service", FileDescriptorProto.Builder::clearService,
						"service orders.v1.OrderService was removed"),
				change("another package", (file) -> file.setPackage("orders.v2"), "package orders.v1 became orders.v2"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void breakingChanges(String change, FileDescriptorProto current, String expected) {
		assertThat(ProtoCompatibility.breakingChanges(RELEASED, current)).singleElement()
			.asString()
			.contains(expected);
	}

	@Test
	void additionsAndReservedRemovalsAreCompatible() {
		FileDescriptorProto.Builder current = RELEASED.toBuilder();
		current.setMessageType(0, current.getMessageType(0)
			.toBuilder()
			.removeField(1)
			.addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(2).setEnd(3))
			.addReservedName("customer_id")
			.addField(field("note", 4, Type.TYPE_STRING)));
		current.addMessageType(DescriptorProto.newBuilder().setName("ListOrdersRequest"));
		current.setService(0, current.getService(0)
			.toBuilder()
			.addMethod(MethodDescriptorProto.newBuilder()
				.setName("ListOrders")
				.setInputType(".orders.v1.ListOrdersRequest")
				.setOutputType(".orders.v1.Order")));
		current.setOptions(current.getOptions().toBuilder().setJavaPackage("com.example.orders"));
		assertThat(ProtoCompatibility.breakingChanges(RELEASED, current.build())).isEmpty();
	}

	@Test
	void aReservedNumberUsedAgainIsBreaking() {
		FileDescriptorProto.Builder released = RELEASED.toBuilder();
		released.setMessageType(1, released.getMessageType(1)
			.toBuilder()
			.addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(5).setEnd(6)));
		FileDescriptorProto.Builder current = released.clone();
		current.setMessageType(1, current.getMessageType(1)
			.toBuilder()
			.clearReservedRange()
			.addField(field("colour", 5, Type.TYPE_STRING)));
		assertThat(ProtoCompatibility.breakingChanges(released.build(), current.build())).singleElement()
			.asString()
			.contains("field orders.v1.Item.colour (5) uses a number the released version reserved");
	}

	@Test
	void aWrittenDescriptorReadsBackTheSame(@TempDir Path directory) {
		Path file = directory.resolve("contract/orders.v1.txtpb");
		ProtoCompatibility.write(RELEASED, file);
		assertThat(ProtoCompatibility.read(file)).isEqualTo(RELEASED);
	}

	private static Arguments change(String name, UnaryOperator<FileDescriptorProto.Builder> change, String expected) {
		return Arguments.of(name, change.apply(RELEASED.toBuilder()).build(), expected);
	}

	private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
		return FieldDescriptorProto.newBuilder()
			.setName(name)
			.setNumber(number)
			.setType(type)
			.setLabel(Label.LABEL_OPTIONAL);
	}

}
