/**
 * JWT minting with a real local JWKS endpoint, for security tests.
 */
@NullMarked
package dev.bulwark.test.jwt;

import org.jspecify.annotations.NullMarked;
