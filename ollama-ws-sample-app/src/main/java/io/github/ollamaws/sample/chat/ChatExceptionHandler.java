package io.github.ollamaws.sample.chat;

import java.net.URI;

import io.github.ollamaws.core.OllamaWsException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure of the API with an RFC 9457 problem detail: the client's failures
 * mapped by {@link ChatError}, and Spring MVC's own (an unreadable body, a wrong
 * method...) by the base class.
 */
@RestControllerAdvice
public class ChatExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log failureLogger = LogFactory.getLog(ChatExceptionHandler.class);

	/**
	 * Answers a failure of the chat API.
	 * @param failure the failure
	 * @param request the request that failed
	 * @return the problem detail response
	 */
	@ExceptionHandler({ OllamaWsException.class, InvalidChatRequestException.class, GenerationNotFoundException.class })
	public ResponseEntity<ProblemDetail> handleChatFailure(RuntimeException failure, HttpServletRequest request) {
		ChatError error = ChatError.of(failure);
		if (error.isServerError()) {
			failureLogger.warn(request.getMethod() + " " + request.getRequestURI() + " failed: " + error.message());
		}
		ProblemDetail problem = error.problemDetail();
		problem.setInstance(URI.create(request.getRequestURI()));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (error.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		return response.body(problem);
	}

}
