package dev.bulwark.bench.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP/1.1 load generator for the benchmark, for what wrk cannot do: an open-loop round at a fixed arrival
 * rate. Request {@code i} is due at {@code start + i / rate}; a connection takes the next due request, waits for
 * its time, sends it and reads the answer, and its latency counts from when it was due, so time spent waiting for a
 * free connection is counted (no coordinated omission). With rate 0 it is closed-loop: each connection sends as
 * soon as it has its answer. Goodput counts the successful answers received within the measured window; a
 * request not answered by its end was not served in time. The first two seconds warm the generator and its connections up and are not counted.
 * Prints one JSON object.
 * <p>
 * {@code java dev.bulwark.bench.tools.LoadGenerator <url> <token> <rate per second, 0 for closed loop> <seconds>
 * <connections>}
 */
public final class LoadGenerator {

	private LoadGenerator() {
	}

	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		String token = args[1];
		double rate = Double.parseDouble(args[2]);
		long durationNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
		int connections = Integer.parseInt(args[4]);
		byte[] request = ("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
				+ "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		AtomicLong next = new AtomicLong();
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
		long measured = start + TimeUnit.SECONDS.toNanos(2);
		long end = measured + durationNanos;
		List<Worker> workers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Worker worker = new Worker(url, request, rate, start, measured, end, next);
			workers.add(worker);
			threads.add(Thread.ofVirtual().name("load-" + i).start(worker));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long ok = 0;
		long rejected = 0;
		long errors = 0;
		long late = 0;
		int latencies = 0;
		for (Worker worker : workers) {
			ok += worker.ok;
			rejected += worker.rejected;
			errors += worker.errors;
			late += worker.late;
			latencies += worker.count;
		}
		long[] all = new long[latencies];
		int at = 0;
		for (Worker worker : workers) {
			System.arraycopy(worker.latencies, 0, all, at, worker.count);
			at += worker.count;
		}
		Arrays.sort(all);
		double seconds = durationNanos / 1e9;
		System.out.println(String.format(Locale.ROOT,
				"{\"offered_per_s\":%.1f,\"goodput_per_s\":%.1f,\"rejected_per_s\":%.1f,\"rejected\":%d,\"errors\":%d,"
						+ "\"not_served_in_time\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
				(rate > 0) ? rate : (ok + rejected + errors) / seconds, ok / seconds, rejected / seconds, rejected, errors,
				(rate > 0) ? Math.max(0, Math.round(rate * seconds) - ok - rejected - errors) : late, percentile(all, 0.50),
				percentile(all, 0.99)));
	}

	private static double percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			// no successful answer: JSON has no NaN, and 0 would read as fast
			return -1;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

	private static final class Worker implements Runnable {

		private final URI url;

		private final byte[] request;

		private final long intervalNanos;

		private final long start;

		private final long measured;

		private final long end;

		private final AtomicLong next;

		long ok;

		long rejected;

		long late;

		long errors;

		long[] latencies = new long[256];

		int count;

		private Socket socket;

		private InputStream in;

		private OutputStream out;

		Worker(URI url, byte[] request, double rate, long start, long measured, long end, AtomicLong next) {
			this.url = url;
			this.request = request;
			this.intervalNanos = (rate > 0) ? (long) (1e9 / rate) : 0;
			this.start = start;
			this.measured = measured;
			this.end = end;
			this.next = next;
		}

		@Override
		public void run() {
			while (true) {
				long due = (this.intervalNanos > 0) ? this.start + this.next.getAndIncrement() * this.intervalNanos
						: Math.max(System.nanoTime(), this.start);
				if (due >= this.end || System.nanoTime() >= this.end) {
					// requests still waiting for a connection at the end were offered but not served in time
					break;
				}
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				boolean counted = due >= this.measured;
				try {
					int status = exchange();
					if (!counted) {
						continue;
					}
					long now = System.nanoTime();
					if (now > this.end) {
						this.late++;
					}
					else if (status >= 200 && status < 300) {
						this.ok++;
						record(now - due);
					}
					else {
						this.rejected++;
					}
				}
				catch (IOException ex) {
					if (counted) {
						this.errors++;
					}
					close();
				}
			}
			close();
		}

		private void record(long latency) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = latency;
		}

		private int exchange() throws IOException {
			if (this.socket == null) {
				this.socket = new Socket(this.url.getHost(), this.url.getPort());
				this.socket.setTcpNoDelay(true);
				this.socket.setSoTimeout(30_000);
				this.in = new BufferedInputStream(this.socket.getInputStream(), 16384);
				this.out = this.socket.getOutputStream();
			}
			this.out.write(this.request);
			this.out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (chunked) {
				for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
						size = Long.parseLong(line().split(";")[0].trim(), 16)) {
					skip(size);
					line();
				}
				line();
			}
			else if (length > 0) {
				skip(length);
			}
			if (close) {
				close();
			}
			return status;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
				if (c < 0) {
					throw new IOException("connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		private void skip(long bytes) throws IOException {
			for (long left = bytes; left > 0;) {
				long skipped = this.in.skip(left);
				if (skipped <= 0) {
					if (this.in.read() < 0) {
						throw new IOException("connection closed");
					}
					skipped = 1;
				}
				left -= skipped;
			}
		}

		private void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// already gone
				}
				this.socket = null;
			}
		}

	}

}
