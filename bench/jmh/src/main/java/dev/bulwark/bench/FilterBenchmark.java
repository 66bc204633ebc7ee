package dev.bulwark.bench;

import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.bulwark.core.correlation.CorrelationIdFilter;
import dev.bulwark.core.correlation.CorrelationIdProperties;
import dev.bulwark.observability.logging.AccessLogFilter;
import dev.bulwark.observability.logging.AccessLogProperties;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Per-request cost of two servlet filters on a request that carries no correlation id: the correlation filter
 * (generate an id, MDC, response header) and the access log (one line at INFO, built and handed to a Logback
 * appender that drops it: the filter's cost, not a console's), against an empty filter chain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBenchmark {

	private static final FilterChain CHAIN = (request, response) -> ((jakarta.servlet.http.HttpServletResponse) response)
		.setStatus(200);

	private CorrelationIdFilter correlation;

	private AccessLogFilter accessLog;

	@Setup
	public void setUp() {
		this.correlation = new CorrelationIdFilter(new CorrelationIdProperties());
		this.accessLog = new AccessLogFilter(new AccessLogProperties());
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/hello");
		request.addHeader("Authorization", "Bearer x");
		return request;
	}

	@Benchmark
	public MockHttpServletResponse emptyChain() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		CHAIN.doFilter(request(), response);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse correlationFilter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.correlation.doFilter(request(), response, CHAIN);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse accessLogFilter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.accessLog.doFilter(request(), response, CHAIN);
		return response;
	}

}
