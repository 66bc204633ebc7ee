package dev.bulwark.sample.contract;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.bulwark.sample.orders.grpc.v1.OrdersProto;
import dev.bulwark.test.contract.ProtoCompatibility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC API's contract: {@code orders.proto} as built now must not break clients of the released version, whose
 * descriptor is checked in at {@code src/test/resources/contract/orders.v1.released.txtpb}. Adding fields and methods
 * passes; removing, renumbering or retyping them fails. At a release, record the released version with
 * {@code -Dbulwark.contract.release=true}.
 */
class OrdersProtoCompatibilityTests {

	static final Path RELEASED = Path.of("src", "test", "resources", "contract", "orders.v1.released.txtpb");

	@Test
	void theCurrentProtoKeepsTheReleasedOnesWireAndJsonContract() {
		if (Boolean.getBoolean("bulwark.contract.release")) {
			ProtoCompatibility.write(OrdersProto.getDescriptor().toProto(), RELEASED);
		}
		// tag::check[]
		assertThat(ProtoCompatibility.breakingChanges(ProtoCompatibility.read(RELEASED),
				OrdersProto.getDescriptor().toProto()))
			.as("breaking changes against the released orders.proto")
			.isEmpty();
		// end::check[]
	}

}
