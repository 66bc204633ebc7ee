/**
 * The auto-configuration and properties of the guarded gRPC server.
 */
@NullMarked
package dev.bulwark.grpc.server;

import org.jspecify.annotations.NullMarked;
