/**
 * Small servlet helpers shared by the starters.
 */
@NullMarked
package dev.bulwark.core.web;

import org.jspecify.annotations.NullMarked;
