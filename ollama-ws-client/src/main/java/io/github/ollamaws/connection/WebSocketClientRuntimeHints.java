package io.github.ollamaws.connection;

import jakarta.websocket.MessageHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What the WebSocket client needs in a native image beyond the metadata that Tomcat's
 * jars carry (their resource bundles and server classes). Tomcat reads the message type
 * of a handler added with {@code Session.addMessageHandler(MessageHandler)} from the
 * handler class's generic interfaces, and Spring's
 * {@code StandardWebSocketHandlerAdapter} adds its handlers that way, as anonymous
 * classes: they are registered for reflection so that a native image keeps their generic
 * signatures. The signature algorithms, key factories and ciphers of the key files need
 * no hints: GraalVM registers the JCA services whose {@code getInstance} methods the
 * application reaches.
 */
class WebSocketClientRuntimeHints implements RuntimeHintsRegistrar {

	private static final String HANDLER_ADAPTER = "org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter";

	/** More anonymous classes than the adapter has, so that a new one is not missed. */
	private static final int MAX_ANONYMOUS_CLASSES = 20;

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (int index = 1; index <= MAX_ANONYMOUS_CLASSES; index++) {
			String name = HANDLER_ADAPTER + "$" + index;
			if (ClassUtils.isPresent(name, classLoader)) {
				Class<?> type = ClassUtils.resolveClassName(name, classLoader);
				if (MessageHandler.class.isAssignableFrom(type)) {
					// By name: an anonymous class has no canonical name to refer to.
					hints.reflection().registerType(TypeReference.of(name));
				}
			}
		}
	}

}
