/**
 * Access rules per gRPC method.
 */
@NullMarked
package dev.bulwark.grpc.security;

import org.jspecify.annotations.NullMarked;
