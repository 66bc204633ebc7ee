/**
 * Bulwark's opinionated defaults for Spring Boot's own properties, at the lowest precedence.
 */
@NullMarked
package dev.bulwark.core.defaults;

import org.jspecify.annotations.NullMarked;
