package io.github.ollamaws.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Everything logged while it is open, at every level: the root logger and the client's
 * loggers at TRACE, and {@code java.util.logging} (Tomcat's) bridged at ALL. Each line is
 * the logger, the level, the message and the whole stack trace. Closing it restores the
 * levels.
 */
public final class CapturedLogs implements AutoCloseable {

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private final Logger ours = (Logger) LoggerFactory.getLogger("io.github.ollamaws");

	private final Level rootLevel;

	private final Level oursLevel;

	private final java.util.logging.Level julLevel;

	private final Appender appender = new Appender();

	private CapturedLogs() {
		this.rootLevel = this.root.getLevel();
		this.oursLevel = this.ours.getLevel();
		this.appender.setContext(this.root.getLoggerContext());
		this.appender.start();
		this.root.addAppender(this.appender);
		this.root.setLevel(Level.TRACE);
		this.ours.setLevel(Level.TRACE);
		java.util.logging.Logger jul = java.util.logging.Logger.getLogger("");
		this.julLevel = jul.getLevel();
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		jul.setLevel(java.util.logging.Level.ALL);
	}

	/**
	 * Starts capturing.
	 * @return the capture, to close
	 */
	public static CapturedLogs atTrace() {
		return new CapturedLogs();
	}

	/**
	 * The lines logged so far.
	 * @return the lines
	 */
	public List<String> lines() {
		return this.appender.lines;
	}

	@Override
	public void close() {
		this.root.detachAppender(this.appender);
		this.root.setLevel(this.rootLevel);
		this.ours.setLevel(this.oursLevel);
		SLF4JBridgeHandler.uninstall();
		java.util.logging.Logger.getLogger("").setLevel(this.julLevel);
	}

	private static final class Appender extends AppenderBase<ILoggingEvent> {

		private final List<String> lines = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			String line = event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage();
			if (event.getThrowableProxy() != null) {
				line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
			}
			this.lines.add(line);
		}

	}

}
