package dev.bulwark.test.services;

import java.net.URI;

/**
 * Where a service runs for the tests.
 *
 * @param service the service
 * @param url its address, as {@code bulwark.test.<service>.url} gives it (credentials included)
 * @param host the host to connect to
 * @param port the port to connect to
 * @param fromContainer whether the kit started it in a container
 */
public record ServiceEndpoint(ExternalService service, String url, String host, int port, boolean fromContainer) {

	/**
	 * @param service the service
	 * @param url its address
	 * @param fromContainer whether the kit started it
	 * @return the endpoint, with host and port read from the address
	 */
	static ServiceEndpoint of(ExternalService service, String url, boolean fromContainer) {
		String address = url.startsWith("jdbc:") ? url.substring(5) : url;
		if (!address.contains("://")) {
			address = "tcp://" + address.split(",")[0];
		}
		URI uri = URI.create(address);
		int port = (uri.getPort() > 0) ? uri.getPort() : service.containerPort();
		return new ServiceEndpoint(service, url, uri.getHost(), port, fromContainer);
	}

	/**
	 * @return the user in the address, or {@code null}
	 */
	String user() {
		String info = userInfo();
		return (info == null) ? null : info.split(":", 2)[0];
	}

	/**
	 * @return the password in the address, or {@code null}
	 */
	String password() {
		String info = userInfo();
		return (info == null || !info.contains(":")) ? null : info.split(":", 2)[1];
	}

	private String userInfo() {
		String address = this.url.startsWith("jdbc:") ? this.url.substring(5) : this.url;
		return address.contains("://") ? URI.create(address).getUserInfo() : null;
	}

}
