package dev.bulwark.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * A broker stand-in for development: each event is published to the application's {@code @EventListener}s for
 * {@link OutboxEvent}, on a thread of its own (outside the relay's transaction, as a consumer of a real broker
 * would be), and counts as acknowledged once they all returned. A listener that throws leaves the event pending, so
 * the relay delivers it again. The consumers run in the {@link OutboxConsumerScope} (with tracing, a span continuing
 * the producer's trace) and with the event's correlation id in the MDC. Nothing leaves the process: use a real
 * broker in production.
 */
public class InMemoryOutboxTransport implements OutboxTransport, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(InMemoryOutboxTransport.class);

	private final ApplicationEventPublisher events;

	private final Duration timeout;

	private final OutboxConsumerScope scope;

	private final String correlationMdcKey;

	private final ExecutorService consumer = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("bulwark-in-memory-consumer").daemon().factory());

	/**
	 * @param events where the events are published to the application's listeners
	 * @param timeout how long the listeners may take before the delivery counts as failed
	 * @param scope what surrounds each delivery (a consumer span with tracing)
	 * @param correlationMdcKey the MDC key of the correlation id ({@code bulwark.correlation.mdc-key})
	 */
	public InMemoryOutboxTransport(ApplicationEventPublisher events, Duration timeout, OutboxConsumerScope scope,
			String correlationMdcKey) {
		this.events = events;
		this.timeout = timeout;
		this.scope = scope;
		this.correlationMdcKey = correlationMdcKey;
		logger.info("Outbox events are delivered to listeners in this process only (transport in-memory): "
				+ "for development, not production");
	}

	@Override
	public void send(OutboxEvent event) throws Exception {
		Future<?> delivery = this.consumer.submit(() -> {
			String correlationId = event.headers().get("correlation-id");
			if (correlationId != null) {
				MDC.put(this.correlationMdcKey, correlationId);
			}
			try (OutboxConsumerScope.Scope scope = this.scope.open(event)) {
				this.events.publishEvent(event);
			}
			finally {
				MDC.remove(this.correlationMdcKey);
			}
			return null;
		});
		try {
			delivery.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (TimeoutException ex) {
			// interrupt the listeners, so that the redelivery does not queue behind a delivery still running
			delivery.cancel(true);
			throw new TimeoutException("Listeners of " + event.eventType() + " did not return within " + this.timeout);
		}
	}

	@Override
	public void destroy() {
		this.consumer.shutdownNow();
	}

}
