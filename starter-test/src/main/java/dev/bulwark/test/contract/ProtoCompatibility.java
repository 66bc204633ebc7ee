package dev.bulwark.test.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.TextFormat;

/**
 * Breaking changes between the released and the current version of a {@code .proto} file, at the level of the wire
 * and of JSON (the main rules of buf's WIRE_JSON category, not all of them): a removed message, enum, service or
 * method; a field removed without reserving its number and name; a reserved number used again; a field whose type,
 * cardinality, name, JSON name or oneof changed; an enum value removed without reserving its number, or renamed; a
 * method whose request, response or streaming changed. Code-generation options (such as {@code java_package}) are
 * not compared.
 *
 * <pre>{@code
 * FileDescriptorProto released = ProtoCompatibility.read(Path.of("src/test/resources/contract/orders.v1.txtpb"));
 * assertThat(ProtoCompatibility.breakingChanges(released, OrdersProto.getDescriptor().toProto())).isEmpty();
 * }</pre>
 */
public final class ProtoCompatibility {

	private ProtoCompatibility() {
	}

	/**
	 * @param released the released file's descriptor
	 * @param current the current file's descriptor
	 * @return one sentence per breaking change, empty when the current file is compatible
	 */
	public static List<String> breakingChanges(FileDescriptorProto released, FileDescriptorProto current) {
		List<String> changes = new ArrayList<>();
		if (!released.getPackage().equals(current.getPackage())) {
			changes.add("package " + released.getPackage() + " became " + current.getPackage());
		}
		compareMessages(released.getPackage(), released.getMessageTypeList(), current.getMessageTypeList(), changes);
		compareEnums(released.getPackage(), released.getEnumTypeList(), current.getEnumTypeList(), changes);
		Map<String, ServiceDescriptorProto> services = byName(current.getServiceList(), ServiceDescriptorProto::getName);
		for (ServiceDescriptorProto service : released.getServiceList()) {
			String name = qualified(released.getPackage(), service.getName());
			ServiceDescriptorProto now = services.get(service.getName());
			if (now == null) {
				changes.add("service " + name + " was removed");
				continue;
			}
			Map<String, MethodDescriptorProto> methods = byName(now.getMethodList(), MethodDescriptorProto::getName);
			for (MethodDescriptorProto method : service.getMethodList()) {
				MethodDescriptorProto nowMethod = methods.get(method.getName());
				String methodName = name + "/" + method.getName();
				if (nowMethod == null) {
					changes.add("method " + methodName + " was removed");
				}
				else if (!method.getInputType().equals(nowMethod.getInputType())
						|| !method.getOutputType().equals(nowMethod.getOutputType())) {
					changes.add("method " + methodName + " changed from " + signature(method) + " to "
							+ signature(nowMethod));
				}
				else if (method.getClientStreaming() != nowMethod.getClientStreaming()
						|| method.getServerStreaming() != nowMethod.getServerStreaming()) {
					changes.add("method " + methodName + " changed its streaming");
				}
			}
		}
		return changes;
	}

	/**
	 * @param file a descriptor in protobuf's text format, as {@link #write(FileDescriptorProto, Path)} writes it
	 * @return the descriptor
	 */
	public static FileDescriptorProto read(Path file) {
		try {
			FileDescriptorProto.Builder builder = FileDescriptorProto.newBuilder();
			TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), builder);
			return builder.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes the released descriptor, at release time, in protobuf's text format (so that its diff can be reviewed).
	 * @param descriptor the descriptor
	 * @param file where to write it
	 */
	public static void write(FileDescriptorProto descriptor, Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, TextFormat.printer().printToString(descriptor), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void compareMessages(String scope, List<DescriptorProto> released, List<DescriptorProto> current,
			List<String> changes) {
		Map<String, DescriptorProto> messages = byName(current, DescriptorProto::getName);
		for (DescriptorProto message : released) {
			String name = qualified(scope, message.getName());
			DescriptorProto now = messages.get(message.getName());
			if (now == null) {
				changes.add("message " + name + " was removed");
				continue;
			}
			Map<Integer, FieldDescriptorProto> fields = now.getFieldList()
				.stream()
				.collect(Collectors.toMap(FieldDescriptorProto::getNumber, Function.identity()));
			for (FieldDescriptorProto field : message.getFieldList()) {
				String fieldName = name + "." + field.getName() + " (" + field.getNumber() + ")";
				FieldDescriptorProto nowField = fields.get(field.getNumber());
				if (nowField == null) {
					if (!reserved(now, field.getNumber())) {
						changes.add("field " + fieldName + " was removed without reserving its number");
					}
					else if (!now.getReservedNameList().contains(field.getName())) {
						changes.add("field " + fieldName
								+ " was removed without reserving its name (JSON clients may still send it)");
					}
				}
				else if (field.getType() != nowField.getType() || !field.getTypeName().equals(nowField.getTypeName())) {
					changes.add("field " + fieldName + " changed its type from " + type(field) + " to " + type(nowField));
				}
				else if (field.getLabel() != nowField.getLabel()) {
					changes.add("field " + fieldName + " changed from " + field.getLabel() + " to " + nowField.getLabel());
				}
				else if (!field.getName().equals(nowField.getName())) {
					changes.add("field " + fieldName + " was renamed to " + nowField.getName()
							+ " (JSON clients see another name)");
				}
				else if (!field.getJsonName().equals(nowField.getJsonName())) {
					changes.add("field " + fieldName + " changed its JSON name from " + field.getJsonName() + " to "
							+ nowField.getJsonName());
				}
				else if (!oneof(message, field).equals(oneof(now, nowField))) {
					changes.add("field " + fieldName + " moved from " + oneof(message, field) + " to "
							+ oneof(now, nowField));
				}
			}
			for (DescriptorProto.ReservedRange range : message.getReservedRangeList()) {
				for (FieldDescriptorProto nowField : now.getFieldList()) {
					if (nowField.getNumber() >= range.getStart() && nowField.getNumber() < range.getEnd()) {
						changes.add("field " + name + "." + nowField.getName() + " (" + nowField.getNumber()
								+ ") uses a number the released version reserved");
					}
				}
			}
			compareMessages(name, message.getNestedTypeList(), now.getNestedTypeList(), changes);
			compareEnums(name, message.getEnumTypeList(), now.getEnumTypeList(), changes);
		}
	}

	private static void compareEnums(String scope, List<EnumDescriptorProto> released, List<EnumDescriptorProto> current,
			List<String> changes) {
		Map<String, EnumDescriptorProto> enums = byName(current, EnumDescriptorProto::getName);
		for (EnumDescriptorProto type : released) {
			String name = qualified(scope, type.getName());
			EnumDescriptorProto now = enums.get(type.getName());
			if (now == null) {
				changes.add("enum " + name + " was removed");
				continue;
			}
			for (EnumValueDescriptorProto value : type.getValueList()) {
				List<EnumValueDescriptorProto> same = now.getValueList()
					.stream()
					.filter((candidate) -> candidate.getNumber() == value.getNumber())
					.toList();
				boolean reserved = now.getReservedRangeList()
					.stream()
					.anyMatch((range) -> value.getNumber() >= range.getStart() && value.getNumber() <= range.getEnd());
				if (same.isEmpty() && !reserved) {
					changes.add("enum value " + name + "." + value.getName() + " (" + value.getNumber()
							+ ") was removed without reserving its number");
				}
				else if (!same.isEmpty() && same.stream().noneMatch((v) -> v.getName().equals(value.getName()))) {
					changes.add("enum value " + name + "." + value.getName() + " (" + value.getNumber()
							+ ") was renamed (JSON clients see another name)");
				}
			}
		}
	}

	private static String oneof(DescriptorProto message, FieldDescriptorProto field) {
		// proto3 optional fields sit in a synthetic oneof of their own, which does not change the wire or JSON
		if (!field.hasOneofIndex() || field.getProto3Optional()) {
			return "no oneof";
		}
		return "oneof " + message.getOneofDecl(field.getOneofIndex()).getName();
	}

	private static boolean reserved(DescriptorProto message, int number) {
		// a message's reserved ranges are [start, end): end is exclusive, unlike an enum's
		return message.getReservedRangeList()
			.stream()
			.anyMatch((range) -> number >= range.getStart() && number < range.getEnd());
	}

	private static String type(FieldDescriptorProto field) {
		return field.getTypeName().isEmpty() ? field.getType().name() : field.getTypeName();
	}

	private static String signature(MethodDescriptorProto method) {
		return "(" + method.getInputType() + ") returns (" + method.getOutputType() + ")";
	}

	private static String qualified(String scope, String name) {
		return scope.isEmpty() ? name : scope + "." + name;
	}

	private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
		return items.stream().collect(Collectors.toMap(name, Function.identity()));
	}

}
