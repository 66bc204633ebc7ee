/**
 * gRPC with the guarantees of Bulwark's HTTP side, on Spring gRPC.
 */
@NullMarked
package dev.bulwark.grpc;

import org.jspecify.annotations.NullMarked;
