package dev.bulwark.messaging.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Remembers Idempotency-Keys and the responses they produced.
 */
public interface IdempotencyStore {

	/**
	 * Claims a key for a request, or says why it cannot be claimed. A key whose time is up (its lease, while its
	 * request runs; its time to live, once it took effect) is claimed anew.
	 * @param key the stored form of the client's key
	 * @param fingerprint what identifies the request (method, path, body)
	 * @param lease how long the claim holds while the request runs: a request that dies leaves its key to a retry
	 * after it
	 * @return the outcome
	 */
	Claim claim(String key, String fingerprint, Duration lease);

	/**
	 * Records, inside the transaction that commits the request's effect, that the effect happened: whatever the
	 * request then answers, a retry does not run it again.
	 * @param key the key
	 * @param ttl how long the key is remembered from now
	 */
	void markCommitted(String key, Duration ttl);

	/**
	 * Stores the response of a claimed key, to be replayed.
	 * @param key the key
	 * @param response what the request was answered with
	 * @param ttl how long the key is remembered from now
	 */
	void complete(String key, StoredResponse response, Duration ttl);

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
	 * @param headers the other headers the handler set, by name
	 * @param body the body
	 */
	record StoredResponse(int status, @Nullable String contentType, @Nullable String location,
			Map<String, List<String>> headers, byte[] body) {
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
		COMPLETED,

		/**
		 * The key's request committed its effect, but its response was never stored (the process died): the request
		 * must not run again, and there is nothing to replay.
		 */
		COMMITTED

	}

}
