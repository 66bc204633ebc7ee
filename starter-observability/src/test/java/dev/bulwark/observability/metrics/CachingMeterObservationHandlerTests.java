package dev.bulwark.observability.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CachingMeterObservationHandlerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				ObservabilityMetricsAutoConfiguration.class));

	@Test
	void shouldRecordEachObservationOnceThroughTheCacheInABootApplication() {
		this.runner.run((context) -> {
			observe(context.getBean(ObservationRegistry.class), "read");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Boot's handler is there too: had both recorded, the count would be 2
			assertThat(registry.get("orders").tag("kind", "read").timer().count()).isOne();
			assertThat(registry.find("orders.active").longTaskTimer()).isNotNull();
			assertThat(context.getBean(CachingMeterObservationHandler.class).size()).isEqualTo(2);
		});
	}

	@Test
	void shouldLeaveTheMetersToMicrometersHandlerWhenSwitchedOff() {
		this.runner.withPropertyValues("bulwark.observability.metrics.cache-observation-meters=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CachingMeterObservationHandler.class);
				observe(context.getBean(ObservationRegistry.class), "read");
				assertThat(context.getBean(MeterRegistry.class).get("orders").timer().count()).isOne();
			});
	}

	@Test
	void shouldFollowBootsSettingForTheLongTaskTimer() {
		this.runner.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				observe(context.getBean(ObservationRegistry.class), "read");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("orders").timer().count()).isOne();
				assertThat(registry.find("orders.active").meter()).isNull();
			});
	}

	@Test
	void shouldBackOffForTheApplicationsOwnMeterHandler() {
		this.runner.withUserConfiguration(OwnMeterHandler.class)
			.run((context) -> assertThat(context).doesNotHaveBean(CachingMeterObservationHandler.class));
	}

	@Test
	void shouldRecordTheSameMetersAsMicrometersHandler() {
		Map<String, Double> micrometers = record(DefaultMeterObservationHandler::new, this::observeAll);
		Map<String, Double> cached = record((registry) -> new CachingMeterObservationHandler(registry, true),
				this::observeAll);
		assertThat(micrometers).hasSizeGreaterThan(6);
		assertThat(cached).isEqualTo(micrometers);
	}

	@Test
	void shouldLeaveTheLongTaskTimerOutWhenItIsIgnored() {
		Map<String, Double> micrometers = record(
				(registry) -> new DefaultMeterObservationHandler(registry, IgnoredMeters.LONG_TASK_TIMER),
				this::observeAll);
		Map<String, Double> cached = record((registry) -> new CachingMeterObservationHandler(registry, false),
				this::observeAll);
		assertThat(cached).isEqualTo(micrometers).doesNotContainKey("long task timer orders.active [kind=read]");
	}

	@Test
	void shouldCountAnObservationInTheLongTaskTimerWhileItRuns() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ObservationRegistry observations = observations(new CachingMeterObservationHandler(registry, true));
		Observation observation = Observation.createNotStarted("orders", observations)
			.lowCardinalityKeyValue("kind", "read")
			.start();
		LongTaskTimer active = registry.get("orders.active").tag("kind", "read").longTaskTimer();
		assertThat(active.activeTasks()).isOne();
		observation.stop();
		assertThat(active.activeTasks()).isZero();
	}

	@Test
	void shouldRegisterAMeterAgainOnceItWasRemovedFromTheRegistry() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ObservationRegistry observations = observations(new CachingMeterObservationHandler(registry, true));
		observe(observations, "read");
		Timer removed = registry.get("orders").tag("kind", "read").timer();
		registry.remove(removed);

		observe(observations, "read");

		Timer timer = registry.get("orders").tag("kind", "read").timer();
		assertThat(timer).isNotSameAs(removed);
		assertThat(timer.count()).isOne();
	}

	@Test
	void shouldStillRecordMetersPastTheMostItCaches() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CachingMeterObservationHandler handler = new CachingMeterObservationHandler(registry, false);
		ObservationRegistry observations = observations(handler);
		for (int i = 0; i <= CachingMeterObservationHandler.MAX_CACHED_METERS; i++) {
			observe(observations, "kind-" + i);
		}
		String last = "kind-" + CachingMeterObservationHandler.MAX_CACHED_METERS;
		observe(observations, last);

		assertThat(handler.size()).isEqualTo(CachingMeterObservationHandler.MAX_CACHED_METERS);
		assertThat(registry.get("orders").tag("kind", last).timer().count()).isEqualTo(2);
	}

	private void observeAll(ObservationRegistry observations) {
		for (int i = 0; i < 3; i++) {
			observe(observations, "read");
		}
		observe(observations, "write");
		Observation failed = Observation.createNotStarted("orders", observations)
			.lowCardinalityKeyValue("kind", "write")
			.start();
		failed.error(new IllegalStateException("boom"));
		failed.stop();
		// a key value added after the start is on the timer, not on the long task timer
		Observation late = Observation.start("orders", observations);
		late.lowCardinalityKeyValue("kind", "late");
		late.stop();
		Observation withEvents = Observation.createNotStarted("orders", observations)
			.lowCardinalityKeyValue("kind", "read")
			.start();
		withEvents.event(Observation.Event.of("retried"));
		withEvents.event(Observation.Event.of("retried"));
		withEvents.stop();
		Observation.createNotStarted("payments", observations).highCardinalityKeyValue("id", "42").observe(() -> {
		});
	}

	private static void observe(ObservationRegistry observations, String kind) {
		Observation.createNotStarted("orders", observations).lowCardinalityKeyValue("kind", kind).observe(() -> {
		});
	}

	/**
	 * Every meter the observations left, with its count: "timer orders [error=none, kind=read]" to 3.0.
	 */
	private static Map<String, Double> record(
			Function<MeterRegistry, MeterObservationHandler<Observation.Context>> handler,
			Consumer<ObservationRegistry> observe) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		observe.accept(observations(handler.apply(registry)));
		Map<String, Double> meters = new TreeMap<>();
		for (Meter meter : registry.getMeters()) {
			String name = meter.getId().getName() + " " + meter.getId().getTags().stream()
				.map((tag) -> tag.getKey() + "=" + tag.getValue())
				.toList();
			if (meter instanceof Timer timer) {
				meters.put("timer " + name, (double) timer.count());
			}
			else if (meter instanceof LongTaskTimer longTaskTimer) {
				meters.put("long task timer " + name, (double) longTaskTimer.activeTasks());
			}
			else if (meter instanceof Counter counter) {
				meters.put("counter " + name, counter.count());
			}
		}
		return meters;
	}

	private static ObservationRegistry observations(MeterObservationHandler<Observation.Context> handler) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(handler);
		return observations;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMeterHandler {

		@Bean
		MeterObservationHandler<Observation.Context> ownMeterHandler(MeterRegistry registry) {
			return new DefaultMeterObservationHandler(registry);
		}

	}

}
