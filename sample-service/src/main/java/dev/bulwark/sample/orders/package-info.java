/**
 * Orders: placing an order and reading orders back.
 */
@NullMarked
package dev.bulwark.sample.orders;

import org.jspecify.annotations.NullMarked;
