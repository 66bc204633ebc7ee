package dev.bulwark.core.testapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a hand-written HTTP/1.1 request over a plain socket, for inputs that well-behaved clients refuse to send.
 */
public final class RawHttp {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length: *(\\d+)");

	private RawHttp() {
	}

	/**
	 * @param port the server's port on 127.0.0.1
	 * @param request the request head and body, exactly as sent; should ask for {@code Connection: close}
	 * @return the response as text: up to the end of a body of declared length, else up to the end of the stream
	 * @throws IOException if the exchange fails
	 */
	public static String exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			int headEnd = -1;
			int contentLength = -1;
			int b;
			while ((b = in.read()) != -1) {
				response.write(b);
				String text = response.toString(StandardCharsets.ISO_8859_1);
				if (headEnd < 0 && text.endsWith("\r\n\r\n")) {
					headEnd = text.length();
					Matcher length = CONTENT_LENGTH.matcher(text);
					contentLength = length.find() ? Integer.parseInt(length.group(1)) : -1;
				}
				if (headEnd >= 0 && contentLength >= 0 && response.size() >= headEnd + contentLength) {
					break;
				}
			}
			return response.toString(StandardCharsets.UTF_8);
		}
	}

}
