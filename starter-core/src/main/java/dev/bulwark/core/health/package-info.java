/**
 * What {@code /ready} waits for: the service's core dependencies, not the ones it degrades around.
 */
@NullMarked
package dev.bulwark.core.health;

import org.jspecify.annotations.NullMarked;
