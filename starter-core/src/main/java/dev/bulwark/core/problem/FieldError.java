package dev.bulwark.core.problem;

/**
 * One invalid input in a validation problem's {@code errors} member.
 *
 * @param field the field, parameter or property path that was invalid, such as {@code items[0].quantity}
 * @param message why it was refused
 */
public record FieldError(String field, String message) {

	/**
	 * Name of the problem extension member that lists the field errors.
	 */
	public static final String ERRORS = "errors";

}
