/**
 * Exceptions to gRPC statuses with rich error details.
 */
@NullMarked
package dev.bulwark.grpc.status;

import org.jspecify.annotations.NullMarked;
