/**
 * Development tokens: a local issuer for a machine without an identity provider, refused outside the dev profile.
 */
@NullMarked
package dev.bulwark.security.dev;

import org.jspecify.annotations.NullMarked;
