package dev.bulwark.core.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Narrows Boot's {@code readiness} group to the contributors of {@code bulwark.health.readiness.include}. Names that
 * no contributor has are simply not there (a service without a database has no {@code db}), where Boot's own group
 * membership would fail the start-up.
 */
public class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

	static final String READINESS = "readiness";

	private final Set<String> include;

	public ReadinessGroupPostProcessor(ReadinessProperties properties) {
		this.include = Set.copyOf(properties.getInclude());
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (readiness == null || this.include.contains("*")) {
			return groups;
		}
		Map<String, HealthEndpointGroup> narrowed = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			narrowed.put(name, name.equals(READINESS) ? new Narrowed(readiness, this.include) : groups.get(name));
		}
		return HealthEndpointGroups.of(groups.getPrimary(), narrowed);
	}

	private record Narrowed(HealthEndpointGroup delegate, Set<String> include) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.include.contains(name) && this.delegate.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.delegate.getAdditionalPath();
		}

	}

}
