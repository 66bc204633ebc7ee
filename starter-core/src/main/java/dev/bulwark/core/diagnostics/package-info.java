/**
 * Start-up failures that name the offending property instead of printing a stack trace.
 */
@NullMarked
package dev.bulwark.core.diagnostics;

import org.jspecify.annotations.NullMarked;
