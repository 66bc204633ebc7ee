/**
 * Deny by default: JWT bearer tokens from the configured issuer, declarative access rules, problem answers.
 */
@NullMarked
package dev.bulwark.security;

import org.jspecify.annotations.NullMarked;
