package io.github.ollamaws.connection;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollamaws.core.ConnectionLostException;
import io.github.ollamaws.protocol.ServerMessage;
import io.github.ollamaws.protocol.ServerMessageDecoder;
import io.github.ollamaws.protocol.StreamTokenReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestDispatcher} on decoded gateway frames: stream frames go to the
 * request named by {@code requestId}, else by {@code id}, the answers of other requests
 * by {@code id}, else by {@code requestId}; frames addressed to no request are handed
 * back; frames of requests that ended are dropped; a lost connection ends every request.
 */
class RequestDispatcherTests {

	private final ServerMessageDecoder decoder = new ServerMessageDecoder(new ObjectMapper());

	private final RequestDispatcher dispatcher = new RequestDispatcher("ollama-ws-test");

	@Test
	void streamFramesGoToTheRequestIdBeforeTheId() {
		RecordingRequest generation = register("g");
		RecordingRequest stop = register("s");
		assertThat(dispatch("{\"type\":\"stream_start\",\"id\":\"s\",\"requestId\":\"g\",\"model\":\"m\"}")).isTrue();
		assertThat(dispatch("{\"type\":\"stream_end\",\"id\":\"g\",\"totalTokens\":1}")).isTrue();
		assertThat(generation.types()).containsExactly("stream_start", "stream_end");
		assertThat(stop.received).isEmpty();
	}

	@Test
	void aStreamFrameWhoseRequestIdIsUnknownGoesToItsId() {
		RecordingRequest generation = register("g");
		assertThat(dispatch("{\"type\":\"stream_end\",\"id\":\"g\",\"requestId\":\"other\"}")).isTrue();
		assertThat(generation.types()).containsExactly("stream_end");
	}

	@Test
	void answersGoToTheIdBeforeTheRequestId() {
		RecordingRequest generation = register("g");
		RecordingRequest stop = register("s");
		assertThat(dispatch("{\"id\":\"s\",\"type\":\"ack\",\"requestId\":\"g\",\"action\":\"stop\"}")).isTrue();
		assertThat(stop.types()).containsExactly("ack");
		assertThat(generation.received).isEmpty();
		RecordingRequest ping = register("p");
		assertThat(dispatch("{\"type\":\"pong\",\"id\":\"p\"}")).isTrue();
		assertThat(ping.types()).containsExactly("pong");
	}

	@Test
	void anErrorWithAnIdGoesToItsRequest() {
		RecordingRequest generation = register("g");
		assertThat(dispatch(
				"{\"id\":\"g\",\"type\":\"error\",\"error\":\"Generation failed\"," + "\"code\":\"generation_error\"}"))
			.isTrue();
		assertThat(generation.types()).containsExactly("error");
	}

	@Test
	void framesAddressedToNoRequestAreHandedBack() {
		RecordingRequest request = register("g");
		assertThat(dispatch("{\"type\":\"error\",\"error\":\"Not authenticated\",\"code\":\"unauthorized\"}"))
			.isFalse();
		assertThat(dispatch("{\"type\":\"challenge\",\"challenge\":\"abc\"}")).isFalse();
		assertThat(dispatch("{\"type\":\"auth_result\",\"success\":true}")).isFalse();
		assertThat(dispatch("{\"type\":\"surprise\",\"id\":\"g\"}")).isFalse();
		assertThat(request.received).isEmpty();
	}

	@Test
	void framesOfRequestsThatEndedAreDropped() {
		RecordingRequest request = register("g");
		assertThat(this.dispatcher.remove("g", request)).isTrue();
		assertThat(dispatch("{\"type\":\"stream_token\",\"id\":\"g\",\"token\":\"late\"}")).isTrue();
		assertThat(dispatch("{\"id\":\"g\",\"type\":\"error\",\"error\":\"late\"}")).isTrue();
		assertThat(request.received).isEmpty();
		assertThat(this.dispatcher.size()).isZero();
	}

	@Test
	void aRequestIsRemovedOnlyUnderItsOwnId() {
		RecordingRequest request = register("g");
		assertThat(this.dispatcher.remove("g", new RecordingRequest())).isFalse();
		assertThat(this.dispatcher.remove("other", request)).isFalse();
		assertThat(this.dispatcher.size()).isOne();
	}

	@Test
	void aTokenForAnUnknownRequestIsTakenAndDropped() {
		StreamTokenReader reader = new StreamTokenReader();
		assertThat(reader.read("{\"type\":\"stream_token\",\"id\":\"gone\",\"token\":\"t\",\"timestamp\":1}")).isTrue();
		assertThat(this.dispatcher.deliverToken(reader)).isTrue();
	}

	@Test
	void aTokenForARequestThatIsNoGenerationIsLeftToTheGeneralPath() {
		RecordingRequest ping = register("p");
		StreamTokenReader reader = new StreamTokenReader();
		assertThat(reader.read("{\"type\":\"stream_token\",\"id\":\"p\",\"token\":\"t\",\"timestamp\":1}")).isTrue();
		assertThat(this.dispatcher.deliverToken(reader)).isFalse();
		assertThat(ping.received).isEmpty();
	}

	@Test
	void aLostConnectionEndsEveryRequestEvenWhenOneFailsToEnd() {
		RecordingRequest first = register("a");
		RecordingRequest failing = new RecordingRequest() {

			@Override
			void onConnectionLost(ConnectionLostException error) {
				super.onConnectionLost(error);
				throw new IllegalStateException("bug in a request");
			}

		};
		this.dispatcher.register("b", failing);
		RecordingRequest last = register("c");
		ConnectionLostException loss = new ConnectionLostException("lost", 1006, "", null);
		this.dispatcher.connectionLost(loss);
		assertThat(first.lost).containsExactly(loss);
		assertThat(failing.lost).containsExactly(loss);
		assertThat(last.lost).containsExactly(loss);
		assertThat(this.dispatcher.size()).isZero();
	}

	private RecordingRequest register(String id) {
		RecordingRequest request = new RecordingRequest();
		this.dispatcher.register(id, request);
		return request;
	}

	private boolean dispatch(String json) {
		return this.dispatcher.dispatch(this.decoder.decode(json));
	}

	/** A request that records what reaches it. */
	private static class RecordingRequest extends PendingRequest {

		final List<ServerMessage> received = new ArrayList<>();

		final List<ConnectionLostException> lost = new ArrayList<>();

		List<String> types() {
			return this.received.stream().map(ServerMessage::rawType).toList();
		}

		@Override
		void onMessage(ServerMessage message) {
			this.received.add(message);
		}

		@Override
		void onConnectionLost(ConnectionLostException error) {
			this.lost.add(error);
		}

		@Override
		void checkTimeout(long nowNanos) {
		}

	}

}
