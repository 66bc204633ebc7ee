package dev.bulwark.observability.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Records observations as Micrometer's {@link DefaultMeterObservationHandler} does (a timer tagged with the
 * low-cardinality key values and {@code error}, a long task timer {@code <name>.active}, a counter per event), but
 * looks each meter up in the registry once per distinct name and key values and reuses it. Micrometer's handler
 * converts the key values to tags, sorts them and looks the meter up for every observation, twice for a request
 * with the long task timer.
 * <p>
 * A meter removed from the registry empties the cache, so that the next observation registers it again. Once
 * {@link #MAX_CACHED_METERS} meters are cached, further ones are looked up every time, as Micrometer does. Meter
 * filters added to the registry after a meter was cached do not apply to it.
 */
public class CachingMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

	/**
	 * Most meters cached; past it, meters are looked up in the registry for every observation.
	 */
	public static final int MAX_CACHED_METERS = 10_000;

	private final MeterRegistry registry;

	private final boolean longTaskTimers;

	private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

	private final AtomicLong removals = new AtomicLong();

	/**
	 * @param registry where the meters are registered
	 * @param longTaskTimers whether each observation is also a sample of the long task timer {@code <name>.active}
	 */
	public CachingMeterObservationHandler(MeterRegistry registry, boolean longTaskTimers) {
		this.registry = registry;
		this.longTaskTimers = longTaskTimers;
		registry.config().onMeterRemoved((meter) -> {
			this.removals.incrementAndGet();
			this.meters.clear();
		});
	}

	@Override
	public void onStart(Observation.Context context) {
		if (this.longTaskTimers) {
			String name = context.getName();
			KeyValues keyValues = context.getLowCardinalityKeyValues();
			LongTaskTimer longTaskTimer = meter(new MeterKey(Kind.LONG_TASK_TIMER, name, keyValues, null),
					() -> this.registry.more().longTaskTimer(name + ".active", tags(keyValues, null)));
			context.put(LongTaskTimer.Sample.class, longTaskTimer.start());
		}
		context.put(Timer.Sample.class, Timer.start(this.registry));
	}

	@Override
	public void onStop(Observation.Context context) {
		String name = context.getName();
		KeyValues keyValues = context.getLowCardinalityKeyValues();
		Throwable error = context.getError();
		String errorValue = (error != null) ? error.getClass().getSimpleName() : "none";
		Timer timer = meter(new MeterKey(Kind.TIMER, name, keyValues, errorValue),
				() -> this.registry.timer(name, tags(keyValues, errorValue)));
		context.<Timer.Sample>getRequired(Timer.Sample.class).stop(timer);
		if (this.longTaskTimers) {
			context.<LongTaskTimer.Sample>getRequired(LongTaskTimer.Sample.class).stop();
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		String name = context.getName();
		KeyValues keyValues = context.getLowCardinalityKeyValues();
		Counter counter = meter(new MeterKey(Kind.COUNTER, name, keyValues, event.getName()),
				() -> this.registry.counter(name + "." + event.getName(), tags(keyValues, null)));
		counter.increment();
	}

	/**
	 * @return how many meters are cached
	 */
	public int size() {
		return this.meters.size();
	}

	@SuppressWarnings("unchecked")
	private <M extends Meter> M meter(MeterKey key, Supplier<M> registration) {
		Meter meter = this.meters.get(key);
		if (meter == null) {
			long removalsBefore = this.removals.get();
			meter = registration.get();
			if (this.meters.size() < MAX_CACHED_METERS) {
				this.meters.put(key, meter);
				if (this.removals.get() != removalsBefore) {
					// a meter was removed meanwhile, perhaps this one: look it up again next time
					this.meters.remove(key);
				}
			}
		}
		return (M) meter;
	}

	private static List<Tag> tags(KeyValues keyValues, @Nullable String errorValue) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		if (errorValue != null) {
			tags.add(Tag.of("error", errorValue));
		}
		return tags;
	}

	private enum Kind {

		TIMER, LONG_TASK_TIMER, COUNTER

	}

	/**
	 * @param detail the error value of a timer, the event name of a counter
	 */
	private record MeterKey(Kind kind, String name, KeyValues keyValues, @Nullable String detail) {
	}

}
