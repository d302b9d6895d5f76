package io.github.ollamaws.testserver;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hostile or broken gateway on a loopback socket, speaking hand-made WebSocket frames
 * so that it can do what no well-behaved server can: never send the challenge, stop
 * reading, never answer a close frame, trickle bytes, send malformed framing, break TCP
 * without a close. Each connection runs a {@link Behaviour} on its own thread once the
 * HTTP upgrade is done; {@link HostileFault} has the usual ones, so that a fault is one
 * line in a test:
 *
 * <pre class="code">
 * try (HostilePeer peer = HostilePeer.start(HostileFault.NEVER_ANSWERS_CLOSE)) {
 *     // connect a client to peer.url()
 * }
 * </pre>
 *
 * <p>
 * It accepts any signature: it is a gateway that lies, not one that checks.
 */
public final class HostilePeer implements AutoCloseable {

	/**
	 * The name prefix of the peer's threads, so that a test can leave them out of its
	 * thread checks.
	 */
	public static final String THREAD_PREFIX = "hostile-peer-";

	private static final Pattern WEBSOCKET_KEY = Pattern.compile("(?i)Sec-WebSocket-Key:\\s*(\\S+)");

	private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final ServerSocket serverSocket;

	private final Behaviour behaviour;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger threads = new AtomicInteger();

	private volatile boolean closed;

	private HostilePeer(Behaviour behaviour) throws IOException {
		this.behaviour = behaviour;
		this.serverSocket = new ServerSocket();
		// Small buffers: a peer that stops reading soon blocks the client's sends.
		this.serverSocket.setReceiveBufferSize(16 * 1024);
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		newThread(this::acceptLoop, "accept").start();
	}

	/**
	 * Starts a peer on a random loopback port.
	 * @param behaviour what it does on every connection
	 * @return the running peer
	 */
	public static HostilePeer start(Behaviour behaviour) {
		try {
			return new HostilePeer(behaviour);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start a hostile peer", ex);
		}
	}

	/**
	 * The peer's WebSocket URL.
	 * @return {@code ws://127.0.0.1:<port>}
	 */
	public URI url() {
		return URI.create("ws://127.0.0.1:" + this.serverSocket.getLocalPort());
	}

	/**
	 * How many TCP connections the peer accepted.
	 * @return the count
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * The text messages the peer read from its clients, in order.
	 * @return a snapshot
	 */
	public List<String> receivedTexts() {
		return List.copyOf(this.received);
	}

	/**
	 * Closes the listening socket and every connection, ending the peer's threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.serverSocket);
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			this.sockets.add(socket);
			newThread(() -> serve(socket), "connection").start();
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			Connection connection = new Connection(socket);
			if (connection.upgrade()) {
				this.behaviour.run(connection);
			}
		}
		catch (IOException ex) {
			// The client went away or the peer was closed: the behaviour is over.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.sockets.remove(socket);
		}
	}

	private Thread newThread(Runnable task, String role) {
		Thread thread = new Thread(task, THREAD_PREFIX + role + "-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	private static byte[] frame(int firstByte, boolean masked, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(firstByte);
		int maskBit = masked ? 0x80 : 0;
		if (payload.length < 126) {
			frame.write(maskBit | payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(maskBit | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		else {
			frame.write(maskBit | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift));
			}
		}
		byte[] mask = { 0x12, 0x34, 0x56, 0x78 };
		if (masked) {
			frame.write(mask, 0, 4);
		}
		for (int i = 0; i < payload.length; i++) {
			frame.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
		}
		return frame.toByteArray();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	/**
	 * What the peer does on one connection, after the WebSocket upgrade. Returning closes
	 * the socket without a close frame.
	 */
	@FunctionalInterface
	public interface Behaviour {

		/**
		 * Runs the connection.
		 * @param connection the connection
		 * @throws IOException when the connection fails (the behaviour then ends)
		 * @throws InterruptedException if interrupted while waiting
		 */
		void run(Connection connection) throws IOException, InterruptedException;

	}

	/**
	 * One client connection as a hostile peer sees it: raw frames in, raw frames out.
	 */
	public final class Connection {

		/** Opcode of a text frame. */
		public static final int TEXT = 0x1;

		/** Opcode of a continuation frame. */
		public static final int CONTINUATION = 0x0;

		/** Opcode of a close frame. */
		public static final int CLOSE = 0x8;

		/** Opcode of a ping frame. */
		public static final int PING = 0x9;

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private int fragmentBytes;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		boolean upgrade() throws IOException {
			String request = readHeaders();
			Matcher key = WEBSOCKET_KEY.matcher(request);
			if (!key.find()) {
				return false;
			}
			String accept;
			try {
				accept = Base64.getEncoder()
					.encodeToString(MessageDigest.getInstance("SHA-1")
						.digest((key.group(1) + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
			sendRaw(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			return true;
		}

		private String readHeaders() throws IOException {
			ByteArrayOutputStream headers = new ByteArrayOutputStream();
			byte[] end = { '\r', '\n', '\r', '\n' };
			int matched = 0;
			while (matched < end.length) {
				int b = this.in.read();
				if (b < 0) {
					throw new EOFException();
				}
				headers.write(b);
				matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			return headers.toString(StandardCharsets.US_ASCII);
		}

		/**
		 * Sends a gateway challenge.
		 * @throws IOException if the connection failed
		 */
		public void sendChallenge() throws IOException {
			sendText(Frames.challenge("ab".repeat(32)));
		}

		/**
		 * Sends the challenge, waits for the client's {@code authenticate} and answers it
		 * as given.
		 * @param authResult the {@code auth_result} frame to answer with
		 * @throws IOException if the connection failed
		 */
		public void authenticate(String authResult) throws IOException {
			sendChallenge();
			awaitRequest("authenticate");
			sendText(authResult);
		}

		/**
		 * Authenticates the client, whatever its signature.
		 * @throws IOException if the connection failed
		 */
		public void authenticate() throws IOException {
			authenticate(Frames.authSuccess());
		}

		/**
		 * Reads messages until one of the given type; a close frame or the end of the
		 * stream is an {@link EOFException}.
		 * @param type the message type
		 * @return the message's {@code id}, or {@code null}
		 * @throws IOException if the connection failed or closed
		 */
		public String awaitRequest(String type) throws IOException {
			while (true) {
				JsonNode message = Frames.MAPPER.readTree(readText());
				JsonNode messageType = message.get("type");
				if (messageType != null && type.equals(messageType.asText())) {
					JsonNode id = message.get("id");
					return (id != null) ? id.asText() : null;
				}
			}
		}

		/**
		 * Reads the next text message, assembled from its fragments; control frames other
		 * than close are skipped unanswered.
		 * @return the message
		 * @throws IOException if the connection failed, or an {@link EOFException} at a
		 * close frame
		 */
		public String readText() throws IOException {
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			while (true) {
				int first = readByte();
				int opcode = first & 0x0F;
				byte[] payload = readPayload();
				if (opcode == CLOSE) {
					throw new EOFException("close frame");
				}
				if (opcode == TEXT || opcode == CONTINUATION) {
					message.write(payload);
					if ((first & 0x80) != 0) {
						String text = message.toString(StandardCharsets.UTF_8);
						HostilePeer.this.received.add(text);
						return text;
					}
				}
			}
		}

		private byte[] readPayload() throws IOException {
			int second = readByte();
			long length = second & 0x7F;
			if (length == 126) {
				length = (readByte() << 8) | readByte();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | readByte();
				}
			}
			byte[] mask = new byte[4];
			if ((second & 0x80) != 0) {
				readFully(mask);
			}
			byte[] payload = new byte[Math.toIntExact(length)];
			readFully(payload);
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i & 3];
			}
			return payload;
		}

		private int readByte() throws IOException {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException();
			}
			return b;
		}

		private void readFully(byte[] buffer) throws IOException {
			int read = 0;
			while (read < buffer.length) {
				int n = this.in.read(buffer, read, buffer.length - read);
				if (n < 0) {
					throw new EOFException();
				}
				read += n;
			}
		}

		/**
		 * Sends a whole text message in one frame.
		 * @param text the message
		 * @throws IOException if the connection failed
		 */
		public void sendText(String text) throws IOException {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			if (this.fragmentBytes <= 0 || payload.length <= this.fragmentBytes) {
				sendFrame(0x80 | TEXT, false, payload);
				return;
			}
			for (int start = 0; start < payload.length; start += this.fragmentBytes) {
				int end = Math.min(payload.length, start + this.fragmentBytes);
				int opcode = (start == 0) ? TEXT : CONTINUATION;
				sendFrame(((end == payload.length) ? 0x80 : 0) | opcode, false,
						Arrays.copyOfRange(payload, start, end));
				if (end < payload.length) {
					// Control frames may come between the fragments of a message.
					sendFrame(0x80 | PING, false, new byte[0]);
				}
			}
		}

		/**
		 * Sends every later text message in fragments of this many bytes (splitting UTF-8
		 * characters), with a ping between each two: valid WebSocket that few servers
		 * send.
		 * @param fragmentBytes the fragments' size, {@code 0} for whole messages
		 */
		public void fragmentTextMessages(int fragmentBytes) {
			this.fragmentBytes = fragmentBytes;
		}

		/**
		 * Sends a frame, well formed or not.
		 * @param firstByte the FIN bit, the reserved bits and the opcode, as sent
		 * @param masked whether to mask the payload (servers must not)
		 * @param payload the payload
		 * @throws IOException if the connection failed
		 */
		public void sendFrame(int firstByte, boolean masked, byte[] payload) throws IOException {
			sendRaw(frame(firstByte, masked, payload));
		}

		/**
		 * Sends bytes as they are.
		 * @param bytes the bytes
		 * @throws IOException if the connection failed
		 */
		public void sendRaw(byte[] bytes) throws IOException {
			this.out.write(bytes);
			this.out.flush();
		}

		/**
		 * Sends a text message one byte at a time.
		 * @param text the message
		 * @param perByte the pause after each byte
		 * @throws IOException if the connection failed
		 * @throws InterruptedException if interrupted
		 */
		public void trickleText(String text, Duration perByte) throws IOException, InterruptedException {
			for (byte b : frame(0x80 | TEXT, false, text.getBytes(StandardCharsets.UTF_8))) {
				sendRaw(new byte[] { b });
				Thread.sleep(perByte.toMillis());
			}
		}

		/**
		 * Reads and discards everything, never answering anything, not even a close
		 * frame, until the client drops the TCP connection.
		 * @throws IOException when the client drops it
		 */
		public void discardForever() throws IOException {
			byte[] buffer = new byte[8192];
			while (this.in.read(buffer) >= 0) {
				// Discarded.
			}
		}

		/**
		 * Never reads again: the client's sends fill the socket's buffers and then block.
		 * Returns when the peer is closed.
		 * @throws InterruptedException if interrupted
		 */
		public void stopReading() throws InterruptedException {
			while (!HostilePeer.this.closed && !this.socket.isClosed()) {
				Thread.sleep(50);
			}
		}

		/**
		 * Breaks the TCP connection with a reset, without a close frame.
		 * @throws IOException if the socket cannot be reset
		 */
		public void reset() throws IOException {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}

	}

}
