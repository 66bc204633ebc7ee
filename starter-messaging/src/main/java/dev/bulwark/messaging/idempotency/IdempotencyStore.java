package dev.bulwark.messaging.idempotency;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Remembers Idempotency-Keys and the responses they produced.
 */
public interface IdempotencyStore {

	/**
	 * Claims a key for a request, or says why it cannot be claimed.
	 * @param key the stored form of the client's key
	 * @param fingerprint what identifies the request (method, path, body)
	 * @param ttl how long the key is remembered
	 * @return the outcome
	 */
	Claim claim(String key, String fingerprint, Duration ttl);

	/**
	 * Stores the response of a claimed key, to be replayed.
	 * @param key the key
	 * @param response what the request was answered with
	 */
	void complete(String key, StoredResponse response);

	/**
	 * Gives a claimed key up, so that a retry may run the request again (after a server error).
	 * @param key the key
	 */
	void release(String key);

	/**
	 * A response kept for replay.
	 *
	 * @param status the status
	 * @param contentType the content type, if any
	 * @param location the Location header, if any
	 * @param body the body
	 */
	record StoredResponse(int status, @Nullable String contentType, @Nullable String location, byte[] body) {
	}

	/**
	 * The outcome of a claim.
	 *
	 * @param state what the key's state is
	 * @param response the stored response, for {@link State#COMPLETED}
	 */
	record Claim(State state, @Nullable StoredResponse response) {

		static Claim of(State state) {
			return new Claim(state, null);
		}

	}

	/**
	 * The state of a key.
	 */
	enum State {

		/**
		 * The key is new: this request runs.
		 */
		CLAIMED,

		/**
		 * Another request with the key is still running.
		 */
		IN_PROGRESS,

		/**
		 * The key was used for a different request.
		 */
		MISMATCH,

		/**
		 * The key's request is done: its response is replayed.
		 */
		COMPLETED

	}

}
