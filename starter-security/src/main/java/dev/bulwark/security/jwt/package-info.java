/**
 * JWT validation: strict algorithms and claims, a rate-limited JWKS cache, and a cache of validated tokens.
 */
@NullMarked
package dev.bulwark.security.jwt;

import org.jspecify.annotations.NullMarked;
