package dev.bulwark.sample.fulfilment;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The payments service, through Bulwark's named client "payments" (bulwark.resilience.clients.payments).
 */
@Component
@EnableConfigurationProperties(PaymentsProperties.class)
public class PaymentsClient {

	private final RestClient client;

	private final boolean enabled;

	public PaymentsClient(@Qualifier("payments") RestClient client, PaymentsProperties properties) {
		this.client = client;
		this.enabled = properties.getBaseUrl() != null;
	}

	/**
	 * Takes payment for an order. Sent with the Idempotency-Key {@code order-<id>-payment}, so a saga step run again
	 * for a redelivered event charges once. Does nothing when no payments service is configured.
	 * @param orderId the order
	 * @param customerId who pays
	 * @param items what is paid for
	 * @throws org.springframework.web.client.HttpClientErrorException when the payment is declined (402)
	 */
	public void charge(long orderId, String customerId, Object items) {
		if (this.enabled) {
			this.client.post()
				.uri("/api/payments")
				.header("Idempotency-Key", "order-" + orderId + "-payment")
				.body(new PaymentRequest(orderId, customerId, items))
				.retrieve()
				.toBodilessEntity();
		}
	}

	/**
	 * A payment request. A record, so that its JSON has the same member order every time: the Idempotency-Key of a
	 * retry must come with the very same body.
	 *
	 * @param orderId the order
	 * @param customerId who pays
	 * @param items what is paid for
	 */
	record PaymentRequest(long orderId, String customerId, Object items) {
	}

}
