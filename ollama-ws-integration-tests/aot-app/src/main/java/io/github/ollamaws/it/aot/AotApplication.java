package io.github.ollamaws.it.aot;

import java.util.List;

import io.github.ollamaws.client.OllamaOperations;
import io.github.ollamaws.core.ModelInfo;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A minimal application of the starter, processed ahead of time by the build: it asks the
 * gateway for a reply to each {@code --prompt} and for its models, prints them, and
 * stops.
 */
@SpringBootApplication
public class AotApplication {

	public static void main(String[] args) {
		// Closed once the runner is done: the JVM ends only if the client left no thread.
		SpringApplication.run(AotApplication.class, args).close();
	}

	@Bean
	ApplicationRunner promptRunner(OllamaOperations ollama) {
		return (args) -> {
			List<String> prompts = args.getOptionValues("prompt");
			if (prompts == null) {
				return;
			}
			for (String prompt : prompts) {
				System.out.println("reply: " + ollama.generate(prompt).text());
			}
			System.out.println("models: " + ollama.listModels().stream().map(ModelInfo::name).toList());
		};
	}

}
