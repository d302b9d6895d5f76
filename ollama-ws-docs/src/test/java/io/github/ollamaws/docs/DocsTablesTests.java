package io.github.ollamaws.docs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ollamaws.autoconfigure.OllamaWsAutoConfiguration;
import io.github.ollamaws.autoconfigure.observation.OllamaWsMetricsAutoConfiguration;
import io.github.ollamaws.autoconfigure.observation.OllamaWsObservationAutoConfiguration;
import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.OllamaWsException;
import io.github.ollamaws.testserver.OllamaWsTestServer;
import io.github.ollamaws.testserver.ScriptedBackend;
import io.github.ollamaws.testserver.TestClient;
import io.github.ollamaws.testserver.TestKeys;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tables of the docs against the code: the properties against the configuration
 * metadata, the meters against those a template registers, the exceptions against the
 * public subclasses of {@link OllamaWsException}. Each way round: nothing left out,
 * nothing that is not there.
 */
class DocsTablesTests {

	private static final List<String> PROPERTY_PREFIXES = List.of("ollama.ws.", "management.health.ollama-ws.");

	private static final List<String> METER_PREFIXES = List.of("ollama.ws.", "gen_ai.");

	/** The client's internal packages, whose exceptions never reach an application. */
	private static final List<String> INTERNAL_PACKAGES = List.of("protocol", "connection", "pool", "routing");

	@Test
	void thePropertiesTableIsTheConfigurationMetadata() throws IOException {
		Map<String, String> metadata = metadataProperties();
		assertThat(metadata).containsKeys("ollama.ws.url", "ollama.ws.chat.enabled",
				"management.health.ollama-ws.fleet-rule");
		List<String> documented = Docs.tableRows(doc("docs/configuration.md"), "property")
			.stream()
			.map((row) -> Docs.code(row.get(0)))
			.toList();
		Set<String> documentedProperties = new TreeSet<>();
		Set<String> documentedElements = new TreeSet<>();
		for (String property : documented) {
			int element = property.indexOf("[n].");
			documentedProperties.add((element >= 0) ? property.substring(0, element) : property);
			if (element >= 0) {
				documentedElements.add(property);
			}
		}
		assertThat(difference(metadata.keySet(), documentedProperties)).as("properties left out of the table")
			.isEmpty();
		assertThat(difference(documentedProperties, metadata.keySet()))
			.as("properties in the table but not in the metadata")
			.isEmpty();
		// A list of objects is one property in the metadata: its elements' properties are
		// those of the element type.
		Set<String> elementProperties = new TreeSet<>();
		metadata.forEach((name, type) -> {
			if (type.startsWith("java.util.List<") && !type.startsWith("java.util.List<java.")) {
				Class<?> element = ClassUtils.resolveClassName(
						type.substring("java.util.List<".length(), type.length() - 1), getClass().getClassLoader());
				for (var descriptor : BeanUtils.getPropertyDescriptors(element)) {
					if (descriptor.getWriteMethod() != null) {
						elementProperties.add(name + "[n]." + kebab(descriptor.getName()));
					}
				}
			}
		});
		assertThat(elementProperties).as("properties of the gateways' elements").isNotEmpty();
		assertThat(documentedElements).containsExactlyInAnyOrderElementsOf(elementProperties);
	}

	@Test
	void theDefaultsOfThePropertiesTableAreThoseOfTheMetadata() throws IOException {
		Map<String, Object> defaults = metadataDefaults();
		assertThat(defaults).containsKeys("ollama.ws.pool.size", "ollama.ws.connect-timeout");
		List<String> wrong = new ArrayList<>();
		for (List<String> row : Docs.tableRows(doc("docs/configuration.md"), "property")) {
			String property = Docs.code(row.get(0));
			Object expected = defaults.get(property);
			String documented = row.get(1).startsWith("`") ? Docs.code(row.get(1)) : "";
			if (expected != null && !expected.toString().isEmpty() && !sameValue(documented, expected)) {
				wrong.add(property + ": documented '" + documented + "', the metadata says '" + expected + "'");
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void theBuilderColumnNamesTheBuildersMethodsInThePropertiesWords() throws Exception {
		Pattern topLevel = Pattern.compile("(\\w+)\\(\\.\\.\\)");
		Pattern grouped = Pattern.compile("(\\w+)\\(\\((\\w)\\) -> \\2\\.(\\w+)\\(\\.\\.\\)\\)");
		// Where the builder takes what the property only names: a context for a bundle,
		// a source for a service id.
		Set<String> otherWords = Set.of("ollama.ws.ssl.bundle", "ollama.ws.discovery.service-id");
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		for (List<String> row : Docs.tableRows(doc("docs/configuration.md"), "property")) {
			String property = Docs.code(row.get(0));
			String builder = row.get(2).isEmpty() ? "" : Docs.code(row.get(2));
			boolean groupProperty = property.matches("ollama\\.ws\\.(pool|reconnect|heartbeat|retry)\\..*");
			if (builder.isEmpty()) {
				if (groupProperty) {
					wrong.add(property + ": no builder method");
				}
				continue;
			}
			Method method = builderMethod(builder.substring(0, builder.indexOf('(')));
			if (method == null) {
				wrong.add(property + ": no builder method " + builder);
				continue;
			}
			Matcher group = grouped.matcher(builder);
			Matcher plain = topLevel.matcher(builder);
			String words = null;
			if (group.matches()) {
				Class<?> groupType = (Class<?>) ((ParameterizedType) method.getGenericParameterTypes()[0])
					.getActualTypeArguments()[0];
				if (Arrays.stream(groupType.getMethods()).noneMatch((m) -> m.getName().equals(group.group(3)))) {
					wrong.add(property + ": no method " + group.group(3) + " in " + groupType.getSimpleName());
				}
				words = "ollama.ws." + group.group(1) + "." + kebab(group.group(3));
			}
			else if (plain.matches()) {
				words = "ollama.ws." + kebab(plain.group(1));
			}
			if (words != null && !words.equals(property) && !otherWords.contains(property)) {
				wrong.add(property + ": the builder says " + words);
			}
			checked++;
		}
		assertThat(checked).isGreaterThan(30);
		assertThat(wrong).isEmpty();
	}

	private static @Nullable Method builderMethod(String name) {
		return Arrays.stream(OllamaTemplate.Builder.class.getMethods())
			.filter((method) -> method.getName().equals(name))
			.findFirst()
			.orElse(null);
	}

	private static boolean sameValue(String documented, Object expected) {
		if (expected instanceof Number number) {
			try {
				return Double.parseDouble(documented) == number.doubleValue();
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return documented.equals(expected.toString());
	}

	@Test
	void theMetersTableIsTheMetersATemplateRegisters() {
		Set<String> documented = new TreeSet<>(Docs.tableRows(doc("docs/observability.md"), "meter")
			.stream()
			.map((row) -> Docs.code(row.get(0)))
			.toList());
		assertThat(documented).contains("ollama.ws.gateway.up");
		Set<String> registered = new TreeSet<>();
		try (OllamaWsTestServer server = OllamaWsTestServer.builder()
			.backend(ScriptedBackend.withDefaultModels())
			.start()) {
			TestClient client = server.registerNewClient(TestKeys.ec());
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(OllamaWsAutoConfiguration.class,
						OllamaWsObservationAutoConfiguration.class, OllamaWsMetricsAutoConfiguration.class,
						ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
						CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
				.withPropertyValues(server.springPropertyValues(client))
				.withPropertyValues("ollama.ws.shutdown-timeout=1s")
				.run((context) -> {
					OllamaTemplate template = context.getBean(OllamaTemplate.class);
					template.generate("one");
					template.generateAsync(GenerateRequest.of("two")).join();
					template.ping();
					template.listModels();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> registry.find("ollama.ws.gateway.connections").gauge() != null);
					for (Meter meter : registry.getMeters()) {
						String name = meter.getId().getName();
						if (METER_PREFIXES.stream().anyMatch(name::startsWith)) {
							registered.add(name);
						}
					}
				});
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
	}

	@Test
	void theExceptionsTableIsEveryPublicOllamaWsException() throws ClassNotFoundException {
		Set<String> documented = new TreeSet<>(
				Docs.tableRows(doc("docs/api.md"), "exception").stream().map((row) -> Docs.code(row.get(0))).toList());
		Set<String> exceptions = new TreeSet<>();
		for (Class<?> type : publicOllamaWsExceptions()) {
			exceptions.add(type.getSimpleName());
		}
		assertThat(exceptions).as("public OllamaWsExceptions")
			.contains("MessageTooLargeException", "InvalidSettingException");
		assertThat(documented).containsExactlyInAnyOrderElementsOf(exceptions);
	}

	private static List<Class<?>> publicOllamaWsExceptions() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent();
			}

		};
		scanner.addIncludeFilter(new AssignableTypeFilter(OllamaWsException.class));
		List<Class<?>> types = new ArrayList<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("io.github.ollamaws")) {
			Class<?> type = ClassUtils.forName(definition.getBeanClassName(), DocsTablesTests.class.getClassLoader());
			String pkg = type.getPackageName();
			boolean internal = INTERNAL_PACKAGES.stream().anyMatch((name) -> pkg.equals("io.github.ollamaws." + name));
			if (Modifier.isPublic(type.getModifiers()) && type != OllamaWsException.class && !internal) {
				types.add(type);
			}
		}
		return types;
	}

	/**
	 * The properties of our configuration metadata, by name and type.
	 * @return each property's name and type
	 */
	private Map<String, String> metadataProperties() throws IOException {
		Map<String, String> properties = new TreeMap<>();
		for (Map<?, ?> property : metadata()) {
			Object type = property.get("type");
			properties.merge((String) property.get("name"), (type != null) ? type.toString() : "",
					(a, b) -> a.isEmpty() ? b : a);
		}
		return properties;
	}

	private Map<String, Object> metadataDefaults() throws IOException {
		Map<String, Object> defaults = new TreeMap<>();
		for (Map<?, ?> property : metadata()) {
			Object value = property.get("defaultValue");
			if (value != null) {
				defaults.put((String) property.get("name"), value);
			}
		}
		return defaults;
	}

	/**
	 * The entries of our configuration metadata: the generated metadata of the
	 * auto-configuration and the hand-written metadata of the Spring AI module.
	 * @return each property's entry
	 */
	private List<Map<?, ?>> metadata() throws IOException {
		List<Map<?, ?>> properties = new ArrayList<>();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
				String json;
				try (InputStream in = url.openStream()) {
					json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				Object list = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
				if (list instanceof List<?> entries) {
					for (Object entry : entries) {
						Map<?, ?> property = (Map<?, ?>) entry;
						String name = (String) property.get("name");
						if (PROPERTY_PREFIXES.stream().anyMatch(name::startsWith)) {
							properties.add(property);
						}
					}
				}
			}
		}
		return properties;
	}

	private static Set<String> difference(Set<String> a, Set<String> b) {
		Set<String> difference = new TreeSet<>(a);
		difference.removeAll(b);
		return difference;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static Path doc(String name) {
		return Docs.root().resolve(name);
	}

}
