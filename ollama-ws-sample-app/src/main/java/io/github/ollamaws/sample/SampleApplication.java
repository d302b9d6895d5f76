package io.github.ollamaws.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A streaming chat web app on an Ollama WebSocket gateway. With no {@code ollama.ws.url}
 * configured it starts an embedded gateway (see
 * {@link io.github.ollamaws.sample.embedded.EmbeddedGatewayInitializer}); with the
 * {@code remote} profile it talks to a real one.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the app.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
