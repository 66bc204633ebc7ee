package dev.bulwark.observability.metrics;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the Prometheus scrape at {@code /metrics} too, in the text format or, when the scraper asks for it,
 * OpenMetrics (which carries exemplars).
 */
@RestController
public class PrometheusAliasController {

	private final PrometheusScrapeEndpoint endpoint;

	public PrometheusAliasController(PrometheusScrapeEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * @param accept the scraper's Accept header
	 * @return the scrape
	 */
	@GetMapping("/metrics")
	public ResponseEntity<byte[]> scrape(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		PrometheusOutputFormat format = (accept != null && accept.contains("application/openmetrics-text"))
				? PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100 : PrometheusOutputFormat.CONTENT_TYPE_004;
		WebEndpointResponse<byte[]> scrape = this.endpoint.scrape(format, null);
		return ResponseEntity.status(scrape.getStatus())
			.contentType(MediaType.parseMediaType(format.getProducedMimeType().toString()))
			.body(scrape.getBody());
	}

}
