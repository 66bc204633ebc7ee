/**
 * Named gRPC clients with deadlines, retries and a circuit breaker.
 */
@NullMarked
package dev.bulwark.grpc.client;

import org.jspecify.annotations.NullMarked;
