/**
 * Rate limits and the adaptive concurrency limit of the gRPC server.
 */
@NullMarked
package dev.bulwark.grpc.limit;

import org.jspecify.annotations.NullMarked;
