package io.github.ollamaws.langchain4j;

import java.util.Objects;

import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.ollamaws.reactive.GenerationChunk;
import io.github.ollamaws.tools.AnswerStreamReader;
import io.github.ollamaws.tools.ToolCallingProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Relays one generation's chunks to a LangChain4j handler, with the
 * {@link StreamingHandle} that cancels it. Reactor delivers the chunks one at a time, in
 * order, off the I/O thread. Once cancelled, the handler hears nothing more (as
 * LangChain4j specifies), while disposing the subscription sends {@code stop} to the
 * gateway.
 */
final class StreamingResponseRelay extends BaseSubscriber<GenerationChunk> {

	private static final Log logger = LogFactory.getLog(StreamingResponseRelay.class);

	private final StreamingChatResponseHandler handler;

	private final @Nullable ToolCallingProtocol tools;

	private final @Nullable AnswerStreamReader answerReader;

	private final PartialResponseContext context = new PartialResponseContext(new Handle());

	private volatile boolean cancelled;

	StreamingResponseRelay(StreamingChatResponseHandler handler, @Nullable ToolCallingProtocol tools) {
		this.handler = handler;
		this.tools = tools;
		this.answerReader = (tools != null) ? tools.answerReader() : null;
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	protected void hookOnNext(GenerationChunk chunk) {
		if (this.cancelled) {
			return;
		}
		// An exception thrown here (a handler's, or a reply that breaks the tool-calling
		// format) cancels the generation and reaches onError.
		if (chunk.result() != null) {
			this.handler.onCompleteResponse((this.tools != null && this.answerReader != null)
					? ChatRequestMapper.toChatResponse(chunk.result(), this.tools, this.answerReader.rawText())
					: ChatRequestMapper.toChatResponse(chunk.result()));
		}
		else if (this.answerReader != null) {
			// Only the answer's decoded text, never the JSON around it.
			String text = this.answerReader.next(Objects.requireNonNull(chunk.token()));
			if (!text.isEmpty()) {
				this.handler.onPartialResponse(new PartialResponse(text), this.context);
			}
		}
		else {
			this.handler.onPartialResponse(new PartialResponse(chunk.token()), this.context);
		}
	}

	@Override
	protected void hookOnError(Throwable error) {
		if (this.cancelled) {
			return;
		}
		try {
			this.handler.onError(error);
		}
		catch (RuntimeException ex) {
			logger.warn("The StreamingChatResponseHandler's onError threw: ignored", ex);
		}
	}

	/**
	 * The handle LangChain4j gives the handler with each token.
	 */
	private final class Handle implements StreamingHandle {

		/**
		 * Stops the generation on the gateway; the handler is called no more.
		 */
		@Override
		public void cancel() {
			StreamingResponseRelay.this.cancelled = true;
			dispose();
		}

		@Override
		public boolean isCancelled() {
			return StreamingResponseRelay.this.cancelled;
		}

	}

}
