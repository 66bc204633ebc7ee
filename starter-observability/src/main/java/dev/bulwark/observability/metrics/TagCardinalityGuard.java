package dev.bulwark.observability.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops runaway time series: each tag of each meter may take at most a fixed number of distinct values; a new value
 * past the limit is recorded as {@value #OVERFLOW_VALUE}. Every replaced value is counted by
 * {@value #LIMITED_METER}, and the first time a meter's tag hits the limit is logged as a warning.
 */
public class TagCardinalityGuard implements MeterFilter, MeterBinder {

	/**
	 * The value that replaces tag values past the limit.
	 */
	public static final String OVERFLOW_VALUE = "OTHER";

	/**
	 * Counter of the tag values replaced by {@value #OVERFLOW_VALUE}.
	 */
	public static final String LIMITED_METER = "bulwark.metrics.tag.values.limited";

	private static final Logger logger = LoggerFactory.getLogger(TagCardinalityGuard.class);

	private final int maxValues;

	private final Map<String, Map<String, Set<String>>> valuesByMeterAndTag = new ConcurrentHashMap<>();

	private final LongAdder limited = new LongAdder();

	public TagCardinalityGuard(int maxValues) {
		this.maxValues = maxValues;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (id.getName().equals(LIMITED_METER)) {
			return id;
		}
		List<Tag> tags = null;
		int index = 0;
		for (Tag tag : id.getTagsAsIterable()) {
			if (!admit(id.getName(), tag)) {
				if (tags == null) {
					tags = new ArrayList<>(id.getTags());
				}
				tags.set(index, Tag.of(tag.getKey(), OVERFLOW_VALUE));
			}
			index++;
		}
		return (tags != null) ? id.replaceTags(tags) : id;
	}

	private boolean admit(String meter, Tag tag) {
		Set<String> values = this.valuesByMeterAndTag.computeIfAbsent(meter, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(tag.getKey(), (key) -> ConcurrentHashMap.newKeySet());
		if (values.contains(tag.getValue())) {
			return true;
		}
		synchronized (values) {
			if (values.size() < this.maxValues) {
				values.add(tag.getValue());
				return true;
			}
		}
		this.limited.increment();
		if (values.add(OVERFLOW_VALUE)) {
			logger.warn("Meter '{}' reached {} values of tag '{}'; further values are recorded as '{}'", meter,
					this.maxValues, tag.getKey(), OVERFLOW_VALUE);
		}
		return false;
	}

	/**
	 * @return how many tag values have been replaced so far
	 */
	public long limitedCount() {
		return this.limited.sum();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(LIMITED_METER, this.limited, LongAdder::sum)
			.description("Tag values replaced because a meter's tag had reached its limit of distinct values")
			.register(registry);
	}

}
