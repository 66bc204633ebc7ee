/**
 * The gRPC health service tied to Spring Boot's availability.
 */
@NullMarked
package dev.bulwark.grpc.health;

import org.jspecify.annotations.NullMarked;
