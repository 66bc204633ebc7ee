package dev.bulwark.core.correlation;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Adds the correlation id of the calling thread (from the logging MDC) to outbound {@code WebClient} calls that do
 * not set the header themselves. The id is read when the call is subscribed to, which for a servlet service is the
 * request thread.
 */
public class CorrelationIdWebClientFilter implements ExchangeFilterFunction {

	private final String headerName;

	private final String mdcKey;

	public CorrelationIdWebClientFilter(CorrelationIdProperties properties) {
		this.headerName = properties.getHeaderName();
		this.mdcKey = properties.getMdcKey();
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String id = MDC.get(this.mdcKey);
		if (id == null || request.headers().containsHeader(this.headerName)) {
			return next.exchange(request);
		}
		return next.exchange(ClientRequest.from(request).header(this.headerName, id).build());
	}

}
