package io.github.ollamaws.testserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The script of one model of a {@link ScriptedBackend}: which tokens it answers with, how
 * fast, and how it fails. Configure it fluently, then register it:
 *
 * <pre class="code">
 * backend.model(ScriptedModel.named("slow").tokens("a", "b").tokenDelay(Duration.ofMillis(50)));
 * backend.model(ScriptedModel.named("echo").echo());
 * backend.model(ScriptedModel.named("broken").tokens("a", "b", "c").failAfter(2));
 * backend.model(ScriptedModel.named("silent").neverAnswers());
 * </pre>
 *
 * A script must not be changed while generations use it.
 */
public final class ScriptedModel {

	private final String name;

	private Function<GenerationRequest, List<String>> script = (request) -> List.of();

	private Duration tokenDelay = Duration.ZERO;

	private Duration firstTokenDelay;

	private int failAfter = -1;

	private String failureMessage = "terminated";

	private boolean neverAnswers;

	private ModelDescriptor descriptor;

	private ScriptedModel(String name) {
		this.name = Objects.requireNonNull(name, "name");
		this.descriptor = ModelDescriptor.of(name);
	}

	/**
	 * Starts the script of a model with the given name; it answers with no tokens until
	 * configured.
	 * @param name the model's name
	 * @return the script
	 */
	public static ScriptedModel named(String name) {
		return new ScriptedModel(name);
	}

	/**
	 * Answers every prompt with these tokens.
	 * @param tokens the tokens, in order
	 * @return this script
	 */
	public ScriptedModel tokens(String... tokens) {
		return tokens(List.of(tokens));
	}

	/**
	 * Answers every prompt with these tokens.
	 * @param tokens the tokens, in order
	 * @return this script
	 */
	public ScriptedModel tokens(List<String> tokens) {
		List<String> copy = List.copyOf(tokens);
		this.script = (request) -> copy;
		return this;
	}

	/**
	 * Answers with {@code count} tokens {@code "t0 "}, {@code "t1 "}, ... (see
	 * {@link #countedTokens(int)}).
	 * @param count the number of tokens
	 * @return this script
	 */
	public ScriptedModel tokenCount(int count) {
		return tokens(countedTokens(count));
	}

	/**
	 * Answers each request with the tokens a function computes from it (for example from
	 * the prompt).
	 * @param script the function
	 * @return this script
	 */
	public ScriptedModel script(Function<GenerationRequest, List<String>> script) {
		this.script = Objects.requireNonNull(script, "script");
		return this;
	}

	/**
	 * Answers with JSON that fits the request's {@code format}, as a model under Ollama's
	 * grammar must: for example a tool-calling script that calls a tool, then answers
	 * with the tool's result it finds in the prompt. The reply is computed from the
	 * request, checked against the request's {@code format} schema (what the grammar
	 * enforces, see
	 * {@link io.github.ollamaws.testserver.ollama.OllamaFormatSchema#mismatches}), and
	 * streamed in pieces of three characters, so that escapes are split across tokens. A
	 * reply the format does not allow fails the generation with the mismatches: a real
	 * Ollama could never have produced it. Without a schema as {@code format}, the reply
	 * is sent as it is.
	 *
	 * <pre class="code">
	 * ScriptedModel.named("agent").formatReplies((request) -&gt; request.prompt().contains("Tool result")
	 *         ? "{\"answer\":\"Sunny\"}" : "{\"tool_calls\":[{\"name\":\"weather\",\"arguments\":{}}]}");
	 * </pre>
	 * @param reply the reply's JSON text for a request
	 * @return this script
	 */
	public ScriptedModel formatReplies(Function<GenerationRequest, String> reply) {
		Objects.requireNonNull(reply, "reply");
		return script((request) -> FormatReplies.tokens(request, reply.apply(request)));
	}

	/**
	 * Answers with the prompt itself, split after each space (see
	 * {@link #echoTokens(String)}), so that the concatenated tokens equal the prompt:
	 * handy to prove that no token is lost or misrouted.
	 * @return this script
	 */
	public ScriptedModel echo() {
		return script((request) -> echoTokens(request.prompt()));
	}

	/**
	 * Waits this long before each token; zero (the default) streams as fast as possible.
	 * @param delay the delay before each token
	 * @return this script
	 */
	public ScriptedModel tokenDelay(Duration delay) {
		this.tokenDelay = requireNotNegative(delay);
		return this;
	}

	/**
	 * Waits this long before the first token (a model loading); defaults to the token
	 * delay. Until the first token the upstream has not answered, so a stop then ends the
	 * generation with {@code isCancelled}.
	 * @param delay the delay before the first token
	 * @return this script
	 */
	public ScriptedModel firstTokenDelay(Duration delay) {
		this.firstTokenDelay = requireNotNegative(delay);
		return this;
	}

	/**
	 * Fails upstream (the connection to Ollama dropped) after this many tokens, with the
	 * message {@code terminated}: the client receives a {@code generation_error}.
	 * @param tokens the number of tokens sent before the failure
	 * @return this script
	 */
	public ScriptedModel failAfter(int tokens) {
		return failAfter(tokens, "terminated");
	}

	/**
	 * Fails upstream after this many tokens with the given message (the client receives
	 * {@code "Generation failed: <message>"}).
	 * @param tokens the number of tokens sent before the failure
	 * @param message the failure message
	 * @return this script
	 */
	public ScriptedModel failAfter(int tokens, String message) {
		if (tokens < 0) {
			throw new IllegalArgumentException("tokens must not be negative");
		}
		this.failAfter = tokens;
		this.failureMessage = Objects.requireNonNull(message, "message");
		return this;
	}

	/**
	 * Never answers: no token, no end, until stopped or disconnected (an upstream that
	 * hangs).
	 * @return this script
	 */
	public ScriptedModel neverAnswers() {
		this.neverAnswers = true;
		return this;
	}

	/**
	 * Sets how the model is listed in {@code models_result}.
	 * @param descriptor the descriptor
	 * @return this script
	 */
	public ScriptedModel descriptor(ModelDescriptor descriptor) {
		this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
		return this;
	}

	/**
	 * Returns the model's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns how the model is listed.
	 * @return the descriptor
	 */
	public ModelDescriptor descriptor() {
		return this.descriptor;
	}

	/**
	 * Returns the tokens this script answers a request with (before any scripted
	 * failure).
	 * @param request the request
	 * @return the tokens
	 */
	public List<String> tokensFor(GenerationRequest request) {
		return this.script.apply(request);
	}

	Duration tokenDelay() {
		return this.tokenDelay;
	}

	Duration firstTokenDelay() {
		return (this.firstTokenDelay != null) ? this.firstTokenDelay : this.tokenDelay;
	}

	int failAfter() {
		return this.failAfter;
	}

	String failureMessage() {
		return this.failureMessage;
	}

	boolean isNeverAnswering() {
		return this.neverAnswers;
	}

	/**
	 * The tokens {@link #tokenCount(int)} produces: {@code "t0 "}, {@code "t1 "}, ...
	 * @param count the number of tokens
	 * @return the tokens
	 */
	public static List<String> countedTokens(int count) {
		List<String> tokens = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			tokens.add("t" + i + " ");
		}
		return tokens;
	}

	/**
	 * The tokens {@link #echo()} produces for a prompt: the prompt split after each
	 * space.
	 * @param prompt the prompt
	 * @return the tokens, whose concatenation equals the prompt
	 */
	public static List<String> echoTokens(String prompt) {
		List<String> tokens = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < prompt.length(); i++) {
			if (prompt.charAt(i) == ' ') {
				tokens.add(prompt.substring(start, i + 1));
				start = i + 1;
			}
		}
		if (start < prompt.length()) {
			tokens.add(prompt.substring(start));
		}
		return tokens;
	}

	private static Duration requireNotNegative(Duration delay) {
		if (delay == null || delay.isNegative()) {
			throw new IllegalArgumentException("delay must be zero or positive");
		}
		return delay;
	}

}
