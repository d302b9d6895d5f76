package io.github.ollamaws.testserver;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes Tomcat WebSocket sessions in the two ways the real gateway does that JSR-356
 * cannot express: a close frame without a status code (the client sees 1005), and an
 * abrupt drop of the TCP connection without any close frame (the client sees 1006). Both
 * reach into Tomcat's session internals; if they are not reachable the closest standard
 * close is used.
 */
final class SessionCloser {

	private static final Logger logger = LoggerFactory.getLogger(SessionCloser.class);

	private static final byte OPCODE_CLOSE = 0x08;

	private SessionCloser() {
	}

	/**
	 * Sends a close frame with an empty payload. The client's answering close frame then
	 * closes the session the usual way.
	 * @param session the server side of the connection to close
	 */
	static void closeWithoutStatus(Session session) {
		try {
			Object endpoint = remoteEndpoint(session);
			Method sendMessageBlock = findMethod(endpoint.getClass(), "sendMessageBlock", byte.class, ByteBuffer.class,
					boolean.class);
			sendMessageBlock.invoke(endpoint, OPCODE_CLOSE, ByteBuffer.allocate(0), true);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot send a close frame without status code; closing normally", ex);
			close(session, new CloseReason(CloseCodes.NORMAL_CLOSURE, ""));
		}
	}

	/**
	 * Drops the TCP connection without a close frame, like a killed server process.
	 * @param session the server side of the connection to drop
	 */
	static void abort(Session session) {
		try {
			Object endpoint = remoteEndpoint(session);
			endpoint.getClass().getMethod("close").invoke(endpoint);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot drop the connection abruptly; closing it", ex);
		}
		// Lets Tomcat release the session; its close frame cannot reach the client.
		close(session, new CloseReason(CloseCodes.GOING_AWAY, ""));
	}

	private static void close(Session session, CloseReason reason) {
		try {
			session.close(reason);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing a session failed", ex);
		}
	}

	private static Object remoteEndpoint(Session session) throws ReflectiveOperationException {
		Field field = findField(session.getClass(), "wsRemoteEndpoint");
		return field.get(session);
	}

	private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			try {
				Field field = current.getDeclaredField(name);
				field.setAccessible(true);
				return field;
			}
			catch (NoSuchFieldException ex) {
				// Look in the superclass.
			}
		}
		throw new NoSuchFieldException(name);
	}

	private static Method findMethod(Class<?> type, String name, Class<?>... parameterTypes)
			throws NoSuchMethodException {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			try {
				Method method = current.getDeclaredMethod(name, parameterTypes);
				method.setAccessible(true);
				return method;
			}
			catch (NoSuchMethodException ex) {
				// Look in the superclass.
			}
		}
		throw new NoSuchMethodException(name);
	}

}
