/**
 * Call deadlines as the deadline of the work done for a call.
 */
@NullMarked
package dev.bulwark.grpc.deadline;

import org.jspecify.annotations.NullMarked;
