package dev.bulwark.grpc.status;

import com.google.rpc.Code;

/**
 * HTTP statuses to gRPC codes, after google.rpc.Code's own table (the one Google's APIs document for each code).
 */
final class HttpStatusCodes {

	private HttpStatusCodes() {
	}

	static Code toGrpc(int httpStatus) {
		return switch (httpStatus) {
			case 400 -> Code.INVALID_ARGUMENT;
			case 401 -> Code.UNAUTHENTICATED;
			case 403 -> Code.PERMISSION_DENIED;
			case 404, 410 -> Code.NOT_FOUND;
			case 409 -> Code.ABORTED;
			case 412, 422 -> Code.FAILED_PRECONDITION;
			case 413, 429 -> Code.RESOURCE_EXHAUSTED;
			case 416 -> Code.OUT_OF_RANGE;
			case 499 -> Code.CANCELLED;
			case 501 -> Code.UNIMPLEMENTED;
			case 503 -> Code.UNAVAILABLE;
			case 504 -> Code.DEADLINE_EXCEEDED;
			default -> (httpStatus >= 400 && httpStatus < 500) ? Code.FAILED_PRECONDITION : Code.INTERNAL;
		};
	}

}
