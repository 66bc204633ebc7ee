package dev.bulwark.sample.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The caller may not see this customer's orders: a 404 problem, whether or not that customer has any, so that nothing
 * is told about customers other than the caller's.
 */
class CustomerNotFoundException extends ErrorResponseException {

	CustomerNotFoundException(String customerId) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No orders of customer " + customerId + " can be found."), null);
	}

}
