package io.github.ollamaws.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The faults of a hostile or broken gateway, each a {@link HostilePeer.Behaviour}: one
 * line starts a peer with one, {@code HostilePeer.start(HostileFault.TCP_RESET)}. Those
 * that misbehave during a generation do it after its {@code stream_start}, before its
 * first token, on every generation; the peer never answers {@code ping} or
 * {@code models}.
 */
public enum HostileFault implements HostilePeer.Behaviour {

	/** Upgrades the connection, then never sends anything: no challenge. */
	NEVER_SENDS_CHALLENGE {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException {
			connection.discardForever();
		}
	},

	/** Sends the challenge and never answers the client's {@code authenticate}. */
	NEVER_ANSWERS_AUTHENTICATION {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException {
			connection.sendChallenge();
			connection.discardForever();
		}
	},

	/**
	 * Answers authentication with a block of {@code retryAfter: 1e10} seconds, past any
	 * clock.
	 */
	HUGE_RETRY_AFTER {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException {
			connection.authenticate("{\"type\":\"auth_result\",\"success\":false,"
					+ "\"error\":\"Too many authentication attempts.\",\"retryAfter\":1e10}");
			connection.discardForever();
		}
	},

	/**
	 * Ends every generation with a token count and an elapsed time no generation can
	 * have.
	 */
	EXTREME_NUMBERS {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendText("{\"type\":\"stream_end\",\"id\":\"" + id
					+ "\",\"totalTokens\":1e30,\"elapsedTime\":-1e308,\"timestamp\":99999999999999999999999}");
		}
	},

	/**
	 * Authenticates the client, then never reads again: its sends block once the buffers
	 * are full.
	 */
	STOPS_READING {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException, InterruptedException {
			connection.authenticate();
			connection.stopReading();
		}
	},

	/**
	 * Authenticates the client, then reads and discards everything, never answering its
	 * close frame.
	 */
	NEVER_ANSWERS_CLOSE {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException {
			connection.authenticate();
			connection.discardForever();
		}
	},

	/** Sends its challenge one byte every 100 ms (a slow loris). */
	TRICKLES_BYTES {
		@Override
		public void run(HostilePeer.Connection connection) throws IOException, InterruptedException {
			connection.trickleText(Frames.challenge("ab".repeat(32)), Duration.ofMillis(100));
			connection.discardForever();
		}
	},

	/** Sends a frame with the reserved opcode 3. */
	BAD_OPCODE {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendFrame(0x83, false, bytes("{}"));
		}
	},

	/** Sends a text frame with a reserved bit set, though no extension was negotiated. */
	RESERVED_BITS {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendFrame(0x80 | 0x40 | HostilePeer.Connection.TEXT, false, bytes(token(id)));
		}
	},

	/** Sends a masked text frame, which only clients may send. */
	MASKED_SERVER_FRAME {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendFrame(0x80 | HostilePeer.Connection.TEXT, true, bytes(token(id)));
		}
	},

	/** Declares a text frame of 2^63 - 1 bytes, sends a few and goes silent. */
	HUGE_DECLARED_LENGTH {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendRaw(new byte[] { (byte) 0x81, 127, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
					(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '{', '"' });
		}
	},

	/** Starts a message with a continuation frame. */
	CONTINUATION_FIRST {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendFrame(0x80 | HostilePeer.Connection.CONTINUATION, false, bytes(token(id)));
		}
	},

	/** Starts a fragmented text message and sends continuation frames without end. */
	ENDLESS_FRAGMENTS {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.sendFrame(HostilePeer.Connection.TEXT, false,
					bytes("{\"type\":\"stream_token\",\"id\":\"" + id + "\",\"token\":\""));
			byte[] fragment = bytes("x".repeat(16 * 1024));
			while (true) {
				connection.sendFrame(HostilePeer.Connection.CONTINUATION, false, fragment);
			}
		}
	},

	/** Floods the connection with valid frames of an unknown type. */
	UNKNOWN_FRAME_FLOOD {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			while (true) {
				connection.sendText("{\"type\":\"mystery\",\"id\":\"" + id + "\",\"payload\":42}");
			}
		}
	},

	/** Breaks the TCP connection with a reset, without a close frame. */
	TCP_RESET {
		@Override
		void misbehave(HostilePeer.Connection connection, String id) throws IOException {
			connection.reset();
		}
	};

	/**
	 * Authenticates the client, then answers every generation with a {@code stream_start}
	 * and {@link #misbehave}.
	 */
	@Override
	public void run(HostilePeer.Connection connection) throws IOException, InterruptedException {
		connection.authenticate();
		while (true) {
			String id = connection.awaitRequest("generate");
			connection.sendText(Frames.streamStart(TextNode.valueOf(id), "llama2"));
			misbehave(connection, id);
		}
	}

	/**
	 * Misbehaves during a generation, after its {@code stream_start}.
	 * @param connection the connection
	 * @param id the generation's id
	 * @throws IOException if the connection failed
	 */
	void misbehave(HostilePeer.Connection connection, String id) throws IOException {
		throw new UnsupportedOperationException(name() + " misbehaves otherwise");
	}

	private static String token(String id) {
		return "{\"type\":\"stream_token\",\"id\":\"" + id + "\",\"token\":\"x\"}";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
