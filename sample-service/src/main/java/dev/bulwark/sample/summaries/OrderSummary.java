package dev.bulwark.sample.summaries;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An order as the read model knows it: as of the last order event applied, which may be behind the order itself.
 *
 * @param orderId the order
 * @param customerId who placed it
 * @param status PLACED, CONFIRMED or CANCELLED, as of {@code asOf}
 * @param statusReason why it was cancelled, if it was
 * @param itemCount how many items were ordered, all lines together
 * @param placedAt when it was placed
 * @param asOf when the last event applied to this summary happened
 */
public record OrderSummary(long orderId, String customerId, String status, @Nullable String statusReason,
		int itemCount, Instant placedAt, Instant asOf) {

}
