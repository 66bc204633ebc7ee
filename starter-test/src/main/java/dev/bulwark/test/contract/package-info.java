/**
 * Contract checks: breaking changes of a gRPC service's {@code .proto} against its released version.
 */
@NullMarked
package dev.bulwark.test.contract;

import org.jspecify.annotations.NullMarked;
