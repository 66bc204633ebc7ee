/**
 * The inventory service as the orders service sees it: a downstream HTTP dependency.
 */
@NullMarked
package dev.bulwark.sample.inventory;

import org.jspecify.annotations.NullMarked;
