/**
 * Prometheus metrics: common tags, SLO histograms with exemplars, and a guard against runaway tag values.
 */
@NullMarked
package dev.bulwark.observability.metrics;

import org.jspecify.annotations.NullMarked;
