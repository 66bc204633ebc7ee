/**
 * Spring Boot's actuator endpoints on the application's port, looked up only for requests under their base path.
 */
@NullMarked
package dev.bulwark.core.actuator;

import org.jspecify.annotations.NullMarked;
