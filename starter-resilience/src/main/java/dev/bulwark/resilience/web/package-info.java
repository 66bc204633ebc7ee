/**
 * Resilience failures answered as problems: an open circuit or a full bulkhead as 503, a spent deadline as 504.
 */
@NullMarked
package dev.bulwark.resilience.web;

import org.jspecify.annotations.NullMarked;
