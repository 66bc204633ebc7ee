/**
 * The read model of order summaries (CQRS): kept up to date from the order events, eventually consistent, and
 * saying how far behind it may be.
 */
@NullMarked
package dev.bulwark.sample.summaries;

import org.jspecify.annotations.NullMarked;
