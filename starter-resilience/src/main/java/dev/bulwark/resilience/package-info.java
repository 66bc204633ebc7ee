/**
 * Every outbound dependency protected from properties alone.
 */
@NullMarked
package dev.bulwark.resilience;

import org.jspecify.annotations.NullMarked;
