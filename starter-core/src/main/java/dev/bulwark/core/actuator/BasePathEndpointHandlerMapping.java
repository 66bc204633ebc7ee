package dev.bulwark.core.actuator;

import java.util.Collection;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring Boot's {@link WebMvcEndpointHandlerMapping} that looks at a request only when its path is under the
 * actuator's base path. Boot's mapping comes before the application's controllers and, for a path it has no exact
 * entry for, tries every endpoint's method, media type and path conditions in turn: that is, for every application
 * request. Every path this mapping serves is under the base path, so skipping the others changes no answer.
 */
public class BasePathEndpointHandlerMapping extends WebMvcEndpointHandlerMapping {

	private final String basePath;

	private @Nullable PathPattern underBasePath;

	/**
	 * Takes the arguments of Boot's mapping.
	 * @param endpointMapping the base path
	 * @param endpoints the web endpoints
	 * @param endpointMediaTypes media types consumed and produced by the endpoints
	 * @param corsConfiguration the CORS configuration for the endpoints, if any
	 * @param linksResolver resolver for the links at the base path
	 * @param shouldRegisterLinksMapping whether the links are served at the base path
	 */
	public BasePathEndpointHandlerMapping(EndpointMapping endpointMapping, Collection<ExposableWebEndpoint> endpoints,
			EndpointMediaTypes endpointMediaTypes, @Nullable CorsConfiguration corsConfiguration,
			EndpointLinksResolver linksResolver, boolean shouldRegisterLinksMapping) {
		super(endpointMapping, endpoints, endpointMediaTypes, corsConfiguration, linksResolver,
				shouldRegisterLinksMapping);
		this.basePath = endpointMapping.getPath();
	}

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		// with the parser the endpoints' own paths are matched with
		PathPatternParser parser = getPatternParser();
		this.underBasePath = (this.basePath.isEmpty() || parser == null) ? null : parser.parse(this.basePath + "/**");
	}

	@Override
	protected @Nullable HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
		PathPattern underBasePath = this.underBasePath;
		if (underBasePath != null && ServletRequestPathUtils.hasParsedRequestPath(request)
				&& !underBasePath.matches(pathWithinApplication(request))) {
			return null;
		}
		return super.getHandlerInternal(request);
	}

	private static PathContainer pathWithinApplication(HttpServletRequest request) {
		return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
	}

}
