/**
 * Secrets a service cannot run without, checked at start-up.
 */
@NullMarked
package dev.bulwark.security.secrets;

import org.jspecify.annotations.NullMarked;
