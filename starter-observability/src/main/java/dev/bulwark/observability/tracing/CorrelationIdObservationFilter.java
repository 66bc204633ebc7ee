package dev.bulwark.observability.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.slf4j.MDC;

/**
 * Adds the correlation id of the current request (from the logging MDC) to every observation that ends while it is
 * set, as the high-cardinality key {@value #KEY}: a span attribute, never a metric tag.
 */
public class CorrelationIdObservationFilter implements ObservationFilter {

	/**
	 * The span attribute holding the correlation id.
	 */
	public static final String KEY = "correlation.id";

	private final String mdcKey;

	public CorrelationIdObservationFilter(String mdcKey) {
		this.mdcKey = mdcKey;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		String correlationId = MDC.get(this.mdcKey);
		if (correlationId != null && context.getHighCardinalityKeyValue(KEY) == null) {
			context.addHighCardinalityKeyValue(KeyValue.of(KEY, correlationId));
		}
		return context;
	}

}
