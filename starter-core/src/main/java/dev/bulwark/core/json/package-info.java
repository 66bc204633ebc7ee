/**
 * JSON written by hand where a general writer costs too much per request.
 */
@NullMarked
package dev.bulwark.core.json;

import org.jspecify.annotations.NullMarked;
