package dev.bulwark.test.tracing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends every span of a {@code @SpringBootTest}'s application to an {@link OtlpTraceReceiver} of the test class's own
 * (sampling all traces, exported every 100 ms); autowire the receiver to assert on the spans.
 *
 * <pre>{@code
 * @SpringBootTest
 * @CaptureSpans
 * class CheckoutTracingTests {
 *
 *     @Autowired
 *     OtlpTraceReceiver spans;
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface CaptureSpans {

}
