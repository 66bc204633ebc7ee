/**
 * Service-to-service tokens for Bulwark's named clients: OAuth2 client credentials or the caller's token relayed.
 */
@NullMarked
package dev.bulwark.security.client;

import org.jspecify.annotations.NullMarked;
