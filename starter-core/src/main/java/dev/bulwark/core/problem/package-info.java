/**
 * RFC 9457 problem details for every error a service answers, including the request body size limit.
 */
@NullMarked
package dev.bulwark.core.problem;

import org.jspecify.annotations.NullMarked;
