package dev.bulwark.grpc.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Ties the standard gRPC health service to Spring Boot's availability, the same state that {@code /health} and
 * {@code /ready} report: the overall service ({@code ""}), every service the server exposes and the service
 * {@code readiness} follow the readiness state; the service {@code liveness} follows the liveness state. So a load
 * balancer's or Kubernetes' gRPC probe sees {@code NOT_SERVING} from the moment shutdown begins, while in-flight calls
 * drain.
 */
public class AvailabilityGrpcHealth implements ApplicationContextAware {

	/**
	 * The health service name that reports readiness.
	 */
	public static final String READINESS = "readiness";

	/**
	 * The health service name that reports liveness.
	 */
	public static final String LIVENESS = "liveness";

	private final HealthStatusManager health;

	private final ApplicationAvailability availability;

	private final Set<String> services = ConcurrentHashMap.newKeySet();

	private @Nullable ApplicationContext context;

	public AvailabilityGrpcHealth(HealthStatusManager health, ApplicationAvailability availability) {
		this.health = health;
		this.availability = availability;
		this.services.add(HealthStatusManager.SERVICE_NAME_ALL_SERVICES);
		this.services.add(READINESS);
		update(availability.getReadinessState());
		update(availability.getLivenessState());
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@EventListener
	void onServerStarted(GrpcServerStartedEvent event) {
		for (ServerServiceDefinition service : event.getServer().getServices()) {
			this.services.add(service.getServiceDescriptor().getName());
		}
		update(this.availability.getReadinessState());
	}

	@EventListener
	void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
		update(event.getState());
	}

	/**
	 * Not serving from the moment the context closes, also in an application without a web server (where nothing
	 * else turns readiness to refusing).
	 */
	@EventListener
	void onClose(ContextClosedEvent event) {
		// another context closing (a management server's, Spring Cloud's per-client ones) is not this service closing
		if (event.getApplicationContext() == this.context) {
			update(ReadinessState.REFUSING_TRAFFIC);
		}
	}

	@EventListener
	void onLiveness(AvailabilityChangeEvent<LivenessState> event) {
		update(event.getState());
	}

	private void update(ReadinessState state) {
		ServingStatus status = (state == ReadinessState.ACCEPTING_TRAFFIC) ? ServingStatus.SERVING
				: ServingStatus.NOT_SERVING;
		for (String service : this.services) {
			this.health.setStatus(service, status);
		}
	}

	private void update(LivenessState state) {
		this.health.setStatus(LIVENESS,
				(state == LivenessState.CORRECT) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
	}

}
