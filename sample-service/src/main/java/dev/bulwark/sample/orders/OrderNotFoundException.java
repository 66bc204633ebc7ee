package dev.bulwark.sample.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No order has the requested id. Answered as a 404 problem by Bulwark's problem details.
 */
class OrderNotFoundException extends ErrorResponseException {

	OrderNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Order " + id + " does not exist."), null);
	}

}
