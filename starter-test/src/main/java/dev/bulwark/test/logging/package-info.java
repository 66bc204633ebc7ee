/**
 * Log lines of a test, as the application writes them, for assertions.
 */
@NullMarked
package dev.bulwark.test.logging;

import org.jspecify.annotations.NullMarked;
