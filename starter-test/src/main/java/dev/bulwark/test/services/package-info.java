/**
 * Real services for integration tests: from Testcontainers or from running services, isolated per test class.
 */
@NullMarked
package dev.bulwark.test.services;

import org.jspecify.annotations.NullMarked;
