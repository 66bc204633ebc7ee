/**
 * The servlet security filter chain: access rules from properties, 401 and 403 as problems, the subject in the MDC.
 */
@NullMarked
package dev.bulwark.security.web;

import org.jspecify.annotations.NullMarked;
