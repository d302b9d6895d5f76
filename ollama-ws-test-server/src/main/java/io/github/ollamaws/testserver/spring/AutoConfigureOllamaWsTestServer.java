package io.github.ollamaws.testserver.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts an embedded test gateway behind a Spring test's application context, in the style
 * of Spring Boot's {@code @AutoConfigure...} test annotations: the context gets an
 * {@code OllamaWsTestServer} started on a free loopback port (bean
 * {@code ollamaWsTestServer}, with the scripted models of
 * {@code ScriptedBackend.withDefaultModels()}), a client registered on it with a fresh EC
 * key pair (bean {@code ollamaWsTestClient}), and the {@code ollama.ws.url},
 * {@code ollama.ws.client-id} and {@code ollama.ws.private-key} properties pointing at
 * them, so the starter's connection details reach it with nothing to copy into a
 * {@code @DynamicPropertySource}.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureOllamaWsTestServer
 * class AssistantTests {
 *
 *     &#64;Autowired OllamaWsTestServer gateway;
 *
 *     &#64;Autowired OllamaTemplate ollama;
 *
 *     &#64;Test
 *     void greets() {
 *         gateway.scriptedBackend().model("llama3", "Hello", " world");
 *         assertThat(ollama.generate("llama3", "Hi").text()).isEqualTo("Hello world");
 *         assertThat(gateway.receivedFrames("generate")).hasSize(1);
 *     }
 *
 * }
 * </pre>
 *
 * <p>
 * Each application context has a server of its own, stopped when the context closes;
 * contexts that Spring's test context cache shares share their server. So tests in
 * parallel (JUnit's parallel execution) never see each other's server unless they share a
 * context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureOllamaWsTestServer {

	/**
	 * The model of generate requests that name none, as the gateway's own default.
	 * @return the model, or empty for the test server's default
	 */
	String defaultModel() default "";

}
