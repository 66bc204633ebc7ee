/**
 * Correlation ids in and out of gRPC calls.
 */
@NullMarked
package dev.bulwark.grpc.correlation;

import org.jspecify.annotations.NullMarked;
