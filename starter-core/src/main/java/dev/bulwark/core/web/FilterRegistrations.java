package dev.bulwark.core.web;

import jakarta.servlet.Filter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * Registers Bulwark's servlet filters the same way: at a fixed order, for all dispatches the filter itself accepts,
 * async included.
 */
public final class FilterRegistrations {

	private FilterRegistrations() {
	}

	/**
	 * @param <F> the filter type
	 * @param filter the filter
	 * @param order its place in the chain
	 * @return its registration
	 */
	public static <F extends Filter> FilterRegistrationBean<F> ordered(F filter, int order) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		registration.setAsyncSupported(true);
		return registration;
	}

}
