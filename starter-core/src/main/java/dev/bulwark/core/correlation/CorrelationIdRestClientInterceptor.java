package dev.bulwark.core.correlation;

import java.io.IOException;

import org.slf4j.MDC;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds the current correlation id (from the logging MDC) to outbound {@code RestClient} calls that do not set the
 * header themselves.
 */
public class CorrelationIdRestClientInterceptor implements ClientHttpRequestInterceptor {

	private final String headerName;

	private final String mdcKey;

	public CorrelationIdRestClientInterceptor(CorrelationIdProperties properties) {
		this.headerName = properties.getHeaderName();
		this.mdcKey = properties.getMdcKey();
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String id = MDC.get(this.mdcKey);
		if (id != null && !request.getHeaders().containsHeader(this.headerName)) {
			request.getHeaders().set(this.headerName, id);
		}
		return execution.execute(request, body);
	}

}
