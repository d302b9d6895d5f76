package io.github.ollamaws.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs, executed: each application is assembled from the docs' marked snippets (see
 * {@link DocSnippets}), built by Maven outside the reactor against our artifacts in a
 * private local repository (third-party artifacts read from the user's repository through
 * {@code maven.repo.local.tail}), started against a test gateway, asked one real
 * question, and failed on any WARN or ERROR line in its log, from startup to shutdown.
 * The sample app is started with the commands of its README.
 * <p>
 * Snippet IDs used: app:boot-dependency, app:boot-yaml, app:boot-service,
 * app:actuator-dependency, app:spring-ai-dependency, app:spring-ai-yaml,
 * app:spring-ai-controller, app:webflux-dependency, app:webflux-controller,
 * app:plain-java-pom, app:plain-java-main, app:sample-run, app:sample-remote,
 * app:sample-remote-env, app:sample-fleet, app:langchain4j-dependency,
 * app:langchain4j-yaml, app:langchain4j-assistant.
 */
class ConsumerAppsIT {

	/** The model of the test gateway, its default: it answers with the prompt. */
	private static final String MODEL = "llama3.2";

	// Generous: CI's machine is small and builds beside these applications.
	private static final Duration STARTUP = Duration.ofMinutes(3);

	private static final String QUESTION = "Why is the sky blue?";

	private static final List<String> OUR_MODULES = List.of("ollama-ws-client", "ollama-ws-spring-boot-autoconfigure",
			"ollama-ws-spring-boot-starter", "ollama-ws-spring-ai", "ollama-ws-spring-ai-starter",
			"ollama-ws-langchain4j", "ollama-ws-test-server");

	private static final String APPLICATION_CLASS = """
			@SpringBootApplication
			public class ConsumerApplication {

				public static void main(String[] args) {
					SpringApplication.run(ConsumerApplication.class, args);
				}

			}
			""";

	private static final String ASKING_APPLICATION_CLASS = """
			@SpringBootApplication
			public class ConsumerApplication {

				public static void main(String[] args) {
					SpringApplication.run(ConsumerApplication.class, args);
				}

				@Bean
				CommandLineRunner ask(Assistant assistant) {
					return (args) -> System.out.println("ANSWER: " + assistant.answer("%s"));
				}

			}
			""".formatted(QUESTION);

	private static final String LANGCHAIN4J_APPLICATION_CLASS = """
			@SpringBootApplication
			public class ConsumerApplication {

				public static void main(String[] args) {
					SpringApplication.run(ConsumerApplication.class, args);
				}

				@Bean
				CommandLineRunner ask(AssistantConfiguration.Assistant assistant) {
					return (args) -> {
						System.out.println("FIRST: " + assistant.chat("c1", "My name is Ada."));
						System.out.println("SECOND: " + assistant.chat("c1", "Who am I?"));
					};
				}

			}
			""";

	private static final String WEBMVC = """
			    <dependency>
			      <groupId>org.springframework.boot</groupId>
			      <artifactId>spring-boot-starter-webmvc</artifactId>
			    </dependency>
			""";

	private static final String[] SPRING_IMPORTS = { "org.springframework.boot.SpringApplication",
			"org.springframework.boot.autoconfigure.SpringBootApplication",
			"org.springframework.boot.CommandLineRunner", "org.springframework.context.annotation.Bean",
			"org.springframework.stereotype.Service", "io.github.ollamaws.client.OllamaTemplate",
			"io.github.ollamaws.core.GenerateRequest", "io.github.ollamaws.core.GenerationOptions" };

	private static final String[] WEB_IMPORTS = { "org.springframework.http.MediaType",
			"org.springframework.web.bind.annotation.GetMapping",
			"org.springframework.web.bind.annotation.RequestParam",
			"org.springframework.web.bind.annotation.RestController", "reactor.core.publisher.Flux" };

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static Path root;

	private static Path work;

	private static DocSnippets docs;

	private static OllamaWsTestServer gateway;

	private static CompletableFuture<String> build;

	private static volatile AppProcess mavenRun;

	@BeforeAll
	static void buildApplications() throws IOException {
		root = Path.of(System.getProperty("consumer.rootDirectory")).toAbsolutePath();
		work = Path.of(System.getProperty("consumer.workDirectory")).toAbsolutePath();
		FileSystemUtils.deleteRecursively(work);
		Files.createDirectories(work);
		docs = DocSnippets.read(root);
		gateway = OllamaWsTestServer.builder()
			.defaultModel(MODEL)
			.backend(ScriptedBackend.create().model(ScriptedModel.named(MODEL).echo()))
			.start();
		List<ConsumerApp> apps = applications();
		// Written now, so that a snippet missing from the docs fails here; built in the
		// background
		// while the sample app (built by the reactor) runs.
		Path appsDirectory = work.resolve("apps");
		ConsumerApp.Versions versions = new ConsumerApp.Versions(System.getProperty("consumer.springBootVersion"),
				System.getProperty("consumer.compilerPluginVersion"),
				System.getProperty("consumer.resourcesPluginVersion"));
		for (ConsumerApp app : apps) {
			app.write(appsDirectory.resolve(app.name()), versions);
		}
		writeAggregator(appsDirectory, apps);
		installOurArtifacts(work.resolve("repository"));
		build = CompletableFuture.supplyAsync(() -> runMaven(appsDirectory));
	}

	@AfterAll
	static void stopGateway() {
		// A run of some tests only may leave the build running: it ends with them.
		AppProcess maven = mavenRun;
		if (maven != null) {
			maven.close();
		}
		if (gateway != null) {
			gateway.close();
		}
	}

	private static List<ConsumerApp> applications() {
		return List.of(
				new ConsumerApp("boot", docs).dependencies("app:boot-dependency")
					.yaml("app:boot-yaml")
					.java("app:boot-service")
					.imports(SPRING_IMPORTS)
					.skeletonJava(ASKING_APPLICATION_CLASS),
				new ConsumerApp("actuator", docs).skeletonDependencies(WEBMVC)
					.dependencies("app:boot-dependency", "app:actuator-dependency")
					.yaml("app:boot-yaml")
					.java("app:boot-service")
					.imports(SPRING_IMPORTS)
					.skeletonJava(ASKING_APPLICATION_CLASS),
				new ConsumerApp("spring-ai", docs).skeletonDependencies(WEBMVC)
					.dependencies("app:spring-ai-dependency")
					.yaml("app:spring-ai-yaml")
					.java("app:spring-ai-controller")
					.imports(SPRING_IMPORTS)
					.imports(WEB_IMPORTS)
					.imports("org.springframework.ai.chat.client.ChatClient",
							"org.springframework.ai.chat.memory.ChatMemory",
							"org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor",
							"io.github.ollamaws.springai.OllamaWsChatOptions")
					.skeletonJava(APPLICATION_CLASS),
				new ConsumerApp("webflux", docs).dependencies("app:webflux-dependency")
					.yaml("app:boot-yaml")
					.java("app:webflux-controller")
					.imports(SPRING_IMPORTS)
					.imports(WEB_IMPORTS)
					.imports("io.github.ollamaws.reactive.ReactiveOllamaTemplate")
					.skeletonJava(APPLICATION_CLASS),
				new ConsumerApp("plain-java", docs).plainPom("app:plain-java-pom").java("app:plain-java-main"),
				new ConsumerApp("langchain4j", docs).dependencies("app:langchain4j-dependency")
					.yaml("app:langchain4j-yaml")
					.java("app:langchain4j-assistant")
					.imports(SPRING_IMPORTS)
					.skeletonJava(LANGCHAIN4J_APPLICATION_CLASS));
	}

	@Test
	void bootStarter() throws Exception {
		try (AppProcess app = startApplication("boot", null, "ConsumerApplication")) {
			assertThat(app.awaitExit(STARTUP)).as("exit code of %s", app.log()).isZero();
			assertThat(app.output()).contains("ANSWER: " + QUESTION);
			app.assertNoWarnings();
		}
	}

	@Test
	void bootStarterWithActuator() throws Exception {
		int port = freePort();
		try (AppProcess app = startApplication("actuator", port, "ConsumerApplication")) {
			app.awaitLog("ANSWER: " + QUESTION, STARTUP);
			HttpResponse<String> health = get(port, "/actuator/health");
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			app.stop();
			app.assertNoWarnings();
		}
	}

	@Test
	void springAiStarter() throws Exception {
		int port = freePort();
		try (AppProcess app = startApplication("spring-ai", port, "ConsumerApplication")) {
			app.awaitLog("Started ConsumerApplication", STARTUP);
			String first = "My name is Ada.";
			HttpResponse<String> answer = get(port, "/ask?conversation=c1&question=" + encode(first));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(answer.body()).contains(first);
			// The echo model answers with the prompt: the second turn's prompt carries
			// the first turn.
			HttpResponse<String> stream = get(port, "/ask/stream?conversation=c1&question=" + encode("Who am I?"));
			assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(sseData(stream.body())).contains("My name is Ada.").contains("Who am I?");
			app.stop();
			app.assertNoWarnings();
		}
	}

	@Test
	void langChain4jAiServices() throws Exception {
		try (AppProcess app = startApplication("langchain4j", null, "ConsumerApplication")) {
			assertThat(app.awaitExit(STARTUP)).as("exit code of %s", app.log()).isZero();
			// The echo model answers with the prompt: the second turn's prompt carries
			// the first turn (the chat memory), and the system message went as Ollama's
			// system prompt.
			String output = app.output();
			assertThat(output).as("output of %s", app.log()).contains("SECOND: ");
			assertThat(output.substring(output.indexOf("SECOND: "))).contains("My name is Ada.").contains("Who am I?");
			assertThat(gateway.generationRequests()).filteredOn((request) -> request.prompt().contains("Who am I?"))
				.singleElement()
				.satisfies((request) -> assertThat(request.options()).containsEntry("system",
						"You are a helpful assistant. Answer briefly."));
			app.assertNoWarnings();
		}
	}

	@Test
	void webflux() throws Exception {
		int port = freePort();
		try (AppProcess app = startApplication("webflux", port, "ConsumerApplication")) {
			app.awaitLog("Started ConsumerApplication", STARTUP);
			HttpResponse<String> stream = get(port, "/stream?question=" + encode(QUESTION));
			assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(sseData(stream.body())).isEqualTo(QUESTION);
			app.stop();
			app.assertNoWarnings();
		}
	}

	@Test
	void plainJava() throws Exception {
		awaitBuild("plain-java");
		Path project = work.resolve("apps/plain-java");
		TestClient client = gateway.registerNewClient(TestKeys.ec());
		Path key = writeKey("plain-java", client);
		String mainClass = ConsumerApp.PACKAGE + "." + className(docs.text("app:plain-java-main"));
		List<String> command = List.of(java(), "-cp", classPath(project), mainClass, gateway.url().toString(),
				client.clientId(), key.toString());
		try (AppProcess app = AppProcess.start("plain-java", command, Map.of(), project,
				work.resolve("logs/plain-java.log"))) {
			assertThat(app.awaitExit(STARTUP)).as("exit code of %s", app.log()).isZero();
			assertThat(app.output()).contains(QUESTION);
			app.assertNoWarnings();
		}
		// One consistent class path: each Jackson 3 module (the schema generator's too)
		// in one version.
		Set<String> jackson3Versions = Arrays.stream(Files.readString(project.resolve("classpath.txt")).split(":"))
			.map((jar) -> Pattern.compile("/tools/jackson/[^/]+/[^/]+/([^/]+)/").matcher(jar))
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.collect(Collectors.toSet());
		assertThat(jackson3Versions).as("versions of the tools.jackson jars").hasSize(1);
	}

	@Test
	void sampleDefault() throws Exception {
		runSample(docs.text("app:sample-run"), "sample-default", 1);
	}

	@Test
	void sampleFleet() throws Exception {
		runSample(docs.text("app:sample-fleet"), "sample-fleet", 2);
	}

	@Test
	void sampleRemote() throws Exception {
		runSampleRemote("app:sample-remote", "sample-remote");
	}

	@Test
	void sampleRemoteWithEnvironmentVariables() throws Exception {
		runSampleRemote("app:sample-remote-env", "sample-remote-env");
	}

	private void runSampleRemote(String id, String name) throws Exception {
		TestClient client = gateway.registerNewClient(TestKeys.ec());
		Path key = writeKey(name, client);
		runSample(docs.text(id)
			.replace("wss://gateway.example.com", gateway.url().toString())
			.replace("<client id>", client.clientId())
			.replace("/path/to/client-private.pem", key.toString()), name, 1);
		assertThat(gateway.authenticationAttempts(client.clientId())).as("authentications with the key of %s", name)
			.isPositive();
	}

	/**
	 * Runs the sample app with a command of its README, asks it one question, checks that
	 * its health shows as many gateways as the command sets up, and stops it.
	 */
	private static void runSample(String shell, String name, int gateways) throws Exception {
		int port = freePort();
		Map<String, String> environment = new LinkedHashMap<>();
		List<String> command = command(shell, port, environment);
		try (AppProcess app = AppProcess.start(name, command, environment, root,
				work.resolve("logs/" + name + ".log"))) {
			app.awaitLog("Started SampleApplication", STARTUP);
			assertGenerates(port);
			HttpResponse<String> health = get(port, "/actuator/health");
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			// One gateway's health has no list of gateways; a fleet's names each with its
			// client id.
			assertThat(Math.max(1, health.body().split("\"clientId\"", -1).length - 1)).as(health.body())
				.isEqualTo(gateways);
			app.stop();
			app.assertNoWarnings();
		}
	}

	@Test
	void theBomAlignsOnTheVersionsTheBuildUses() throws IOException {
		// The BOM has no parent (so imports nothing of Spring Boot's), so it repeats
		// versions:
		// each must stay the one of the Spring Boot (and victools) the build uses.
		Map<String, String> bom = properties(Files.readString(root.resolve("ollama-ws-bom/pom.xml")));
		Map<String, String> parent = properties(Files.readString(root.resolve("pom.xml")));
		String boot = parent.get("spring-boot.version");
		Map<String, String> bootDependencies = properties(Files.readString(Path.of(
				System.getProperty("consumer.userRepository"), "org/springframework/boot/spring-boot-dependencies",
				boot, "spring-boot-dependencies-" + boot + ".pom")));
		assertThat(bom).isNotEmpty();
		bom.forEach((name, version) -> {
			String expected = name.equals("victools.version") ? parent.get(name) : bootDependencies.get(name);
			assertThat(version).as("%s of ollama-ws-bom (Spring Boot %s's: %s)", name, boot, expected)
				.isEqualTo(expected);
		});
	}

	private static Map<String, String> properties(String pom) {
		String properties = pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>"));
		Map<String, String> versions = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("<([\\w.-]+\\.version)>([^<]+)</\\1>").matcher(properties);
		while (matcher.find()) {
			versions.put(matcher.group(1), matcher.group(2));
		}
		return versions;
	}

	private static void assertGenerates(int port) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/generate"))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"" + QUESTION + "\"}"))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"finishReason\":\"COMPLETED\"").contains("\"text\":\"");
	}

	private AppProcess startApplication(String name, Integer port, String mainClass) throws Exception {
		awaitBuild(name);
		Path project = work.resolve("apps/" + name);
		TestClient client = gateway.registerNewClient(TestKeys.ec());
		Path key = writeKey(name, client);
		List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1"));
		if (name.equals("webflux") && Runtime.version().feature() >= 24) {
			// Netty (WebFlux's server, not ours) loads a native library, which Java 24+
			// warns
			// about unless native access is enabled, as the warning itself says and the
			// docs
			// say beside the WebFlux example.
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(List.of("-cp", classPath(project), ConsumerApp.PACKAGE + "." + mainClass));
		if (port != null) {
			command.add("--server.port=" + port);
		}
		// Where the docs' YAML names a gateway of the reader's, this test's gateway.
		command.add("--ollama.ws.url=" + gateway.url());
		command.add("--ollama.ws.client-id=" + client.clientId());
		command.add("--ollama.ws.private-key=file:" + key);
		return AppProcess.start(name, command, Map.of(), project, work.resolve("logs/" + name + ".log"));
	}

	/**
	 * The command of a shell snippet of the docs: the last command of the line (after
	 * {@code &&}: the build before it is the reactor's), its leading {@code NAME=value}
	 * environment variables, {@code java} as this JVM's, the jar relative to the
	 * repository's root, and a free port in place of 8080.
	 */
	private static List<String> command(String shell, int port, Map<String, String> environment) {
		String line = shell.replace("\\\n", " ").strip();
		assertThat(line.lines().count()).as("one command in %s", shell).isEqualTo(1);
		int and = line.lastIndexOf("&&");
		if (and >= 0) {
			line = line.substring(and + 2);
		}
		List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
		while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
			String[] variable = words.remove(0).split("=", 2);
			environment.put(variable[0], variable[1]);
		}
		assertThat(words).as("a java -jar command: %s", shell).startsWith("java", "-jar");
		words.set(0, java());
		words.set(2, root.resolve(words.get(2)).toString());
		words.add("--server.port=" + port);
		return words;
	}

	private static void awaitBuild(String name) throws Exception {
		String failures;
		try {
			failures = build.get(10, TimeUnit.MINUTES);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("The consumer applications did not build", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The consumer applications did not build within 10 minutes", ex);
		}
		if (!Files.exists(work.resolve("apps/" + name + "/classpath.txt"))) {
			throw new AssertionError("The application '" + name + "' did not build (" + work.resolve("logs/maven.log")
					+ "):\n" + failures);
		}
	}

	/**
	 * Builds the applications in one Maven run, failing at end: each application's test
	 * reports its own build.
	 * @return the run's error lines
	 */
	private static String runMaven(Path appsDirectory) {
		Path log = work.resolve("logs/maven.log");
		List<String> command = List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-fae", "-T", "2", "-f",
				appsDirectory.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + work.resolve("repository"),
				"-Dmaven.repo.local.tail=" + System.getProperty("consumer.userRepository"), "compile",
				"org.apache.maven.plugins:maven-dependency-plugin:"
						+ System.getProperty("consumer.dependencyPluginVersion") + ":build-classpath",
				"-Dmdep.outputFile=classpath.txt");
		String failures;
		try (AppProcess maven = AppProcess.start("maven", command, Map.of("JAVA_HOME", System.getProperty("java.home")),
				appsDirectory, log)) {
			mavenRun = maven;
			maven.awaitExit(Duration.ofMinutes(8));
			failures = maven.output()
				.lines()
				.filter((line) -> line.startsWith("[ERROR]"))
				.collect(Collectors.joining("\n"));
		}
		// Our artifacts came from the private repository, everything else from the
		// user's.
		try (Stream<Path> files = Files.walk(work.resolve("repository"))) {
			List<String> downloaded = files.map((file) -> work.resolve("repository").relativize(file).toString())
				.filter((file) -> file.endsWith(".jar") && !file.startsWith("io/github/ollamaws/"))
				.toList();
			assertThat(downloaded).as("artifacts downloaded into the private repository").isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return failures;
	}

	private static void writeAggregator(Path appsDirectory, List<ConsumerApp> apps) throws IOException {
		String modules = apps.stream()
			.map((app) -> "    <module>" + app.name() + "</module>\n")
			.collect(Collectors.joining());
		Files.writeString(appsDirectory.resolve("pom.xml"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <groupId>com.example</groupId>
				  <artifactId>consumer-apps</artifactId>
				  <version>1.0</version>
				  <packaging>pom</packaging>
				  <modules>
				%s  </modules>
				</project>
				""".formatted(modules));
	}

	/**
	 * Installs our artifacts, as built by the reactor, into the private repository, as
	 * {@code mvn install} lays them out (the POMs as written, the jars as packaged).
	 */
	private static void installOurArtifacts(Path repository) throws IOException {
		String version = System.getProperty("consumer.projectVersion");
		install(repository, "ollama-ws-parent", version, root.resolve("pom.xml"), null);
		install(repository, "ollama-ws-bom", version, root.resolve("ollama-ws-bom/pom.xml"), null);
		for (String module : OUR_MODULES) {
			Path jar = root.resolve(module + "/target/" + module + "-" + version + ".jar");
			assertThat(jar).as("built by the reactor (run with -am)").exists();
			install(repository, module, version, root.resolve(module + "/pom.xml"), jar);
		}
	}

	private static void install(Path repository, String artifactId, String version, Path pom, Path jar)
			throws IOException {
		Path directory = Files
			.createDirectories(repository.resolve("io/github/ollamaws/" + artifactId + "/" + version));
		Files.copy(pom, directory.resolve(artifactId + "-" + version + ".pom"));
		if (jar != null) {
			Files.copy(jar, directory.resolve(artifactId + "-" + version + ".jar"));
		}
	}

	private static String classPath(Path project) throws IOException {
		return project.resolve("target/classes") + java.io.File.pathSeparator
				+ Files.readString(project.resolve("classpath.txt")).strip();
	}

	private static Path writeKey(String name, TestClient client) throws IOException {
		Path key = work.resolve("keys/" + name + ".pem");
		Files.createDirectories(key.getParent());
		Files.writeString(key, client.privateKeyPem());
		return key;
	}

	private static String className(String java) {
		Matcher matcher = Pattern.compile("class\\s+(\\w+)").matcher(java);
		assertThat(matcher.find()).as("a class in %s", java).isTrue();
		return matcher.group(1);
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.GET()
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The text of a Server-Sent Events body: its events' data, each token one event.
	 */
	private static String sseData(String body) {
		return body.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5))
			.collect(Collectors.joining());
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
