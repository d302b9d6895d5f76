package io.github.ollamaws.sample.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.ollamaws.core.ModelInfo;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.sample.embedded.GatewaySetup;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat REST API under {@code /api}: generate a whole reply, stream one as Server-Sent
 * Events, stop a running generation, list the models, and tell what the app talks to.
 * Failures are answered with RFC 9457 problem details (see {@link ChatExceptionHandler}).
 */
@RestController
@RequestMapping("/api")
public class ChatController {

	/**
	 * A stream may outlive the request timeout a little: the client reports the timeout
	 * itself.
	 */
	private static final Duration STREAM_TIMEOUT_MARGIN = Duration.ofSeconds(30);

	private static final TokenHandler IGNORE_TOKENS = (token) -> {
	};

	private final ChatService chat;

	private final Executor executor;

	private final Duration streamTimeout;

	private final GatewaySetup setup;

	/**
	 * Creates the controller.
	 * @param chat the chat service
	 * @param executor where stream events are written
	 * @param requestTimeout the client's request timeout
	 * ({@code ollama.ws.request-timeout})
	 * @param setup what the app talks to
	 */
	public ChatController(ChatService chat, @Qualifier("applicationTaskExecutor") Executor executor,
			@Value("${ollama.ws.request-timeout:5m}") Duration requestTimeout, GatewaySetup setup) {
		this.chat = chat;
		this.executor = executor;
		this.streamTimeout = requestTimeout.plus(STREAM_TIMEOUT_MARGIN);
		this.setup = setup;
	}

	/**
	 * Generates a whole reply.
	 * @param request the prompt, and optionally the model and options
	 * @return the result, with the text
	 */
	@PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
	public CompletableFuture<ChatResult> generate(@RequestBody ChatRequest request) {
		return this.chat.start(request, IGNORE_TOKENS).result().thenApply(ChatResult::of);
	}

	/**
	 * Streams a reply as Server-Sent Events: {@code start}, {@code token}..., then
	 * {@code end} or {@code error}.
	 * @param request the prompt, and optionally the model and options
	 * @return the event stream
	 */
	@PostMapping(path = "/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseEmitter stream(@RequestBody ChatRequest request) {
		SseEmitter emitter = new SseEmitter(this.streamTimeout.toMillis());
		SseRelay relay = new SseRelay(emitter, this.executor);
		relay.relay(this.chat.start(request, relay));
		return emitter;
	}

	/**
	 * Streams a reply as Server-Sent Events, for {@code EventSource} and {@code curl}.
	 * @param prompt the prompt
	 * @param model the model, or none for the default
	 * @return the event stream
	 */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseEmitter stream(@RequestParam(required = false) String prompt,
			@RequestParam(required = false) String model) {
		return stream(ChatRequest.of(prompt, model));
	}

	/**
	 * Stops a running generation. Its stream then ends with {@code finishReason}
	 * {@code CANCELLED}, keeping the text generated so far.
	 * @param id the generation's id (from the {@code start} event)
	 * @return the acknowledgement
	 */
	@PostMapping("/generations/{id}/stop")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public StopResponse stop(@PathVariable String id) {
		this.chat.stop(id);
		return new StopResponse(id, "stopping");
	}

	/**
	 * Lists the models behind the gateway.
	 * @return the models
	 */
	@GetMapping("/models")
	public List<ModelInfo> models() {
		return this.chat.models();
	}

	/**
	 * Tells what the app talks to: the embedded gateway with the demo model or a real
	 * Ollama, or a real gateway.
	 * @return the setup
	 */
	@GetMapping("/setup")
	public GatewaySetup setup() {
		return this.setup;
	}

	/**
	 * The answer to a stop.
	 *
	 * @param id the generation's id
	 * @param status always {@code stopping}: the stream reports the end
	 */
	public record StopResponse(String id, String status) {

	}

}
