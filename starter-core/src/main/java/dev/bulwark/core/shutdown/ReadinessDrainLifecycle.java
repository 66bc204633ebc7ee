package dev.bulwark.core.shutdown;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Holds shutdown for the drain delay before the web server's graceful shutdown begins.
 * <p>
 * When the context closes, Spring Boot first publishes readiness {@code REFUSING_TRAFFIC} (so {@code /ready} answers
 * 503), then stops lifecycle beans from the highest phase down. This bean has the highest phase, so its stop runs
 * first: it waits while the server still serves requests, then lets Boot's graceful shutdown stop accepting
 * connections and wait for in-flight requests.
 */
public class ReadinessDrainLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ReadinessDrainLifecycle.class);

	private final Duration drainDelay;

	private volatile boolean running;

	public ReadinessDrainLifecycle(Duration drainDelay) {
		this.drainDelay = drainDelay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.drainDelay.isPositive()) {
			logger.info("Readiness is refusing traffic; draining for {} before shutdown", this.drainDelay);
			try {
				Thread.sleep(this.drainDelay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/**
	 * @return the delay this lifecycle waits on stop
	 */
	public Duration getDrainDelay() {
		return this.drainDelay;
	}

}
