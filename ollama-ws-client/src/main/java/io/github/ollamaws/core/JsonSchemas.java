package io.github.ollamaws.core;

import java.lang.reflect.Type;
import java.util.Map;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Derives JSON Schemas from Java types with victools' generator, in the version and
 * configuration of Spring AI's {@code BeanOutputConverter}, so that a type yields the
 * same schema through either library. The generator works on Jackson 3 trees; the schema
 * leaves here as a plain map, and the wire stays on Jackson 2. Jackson's annotations
 * ({@code @JsonProperty}, ...) are shared by both versions.
 */
final class JsonSchemas {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	// Thread-safe once built; building it is the costly part.
	private static final SchemaGenerator GENERATOR = new SchemaGenerator(
			new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
				.with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
						JacksonOption.RESPECT_JSONPROPERTY_ORDER))
				.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
				.build());

	private JsonSchemas() {
	}

	static Map<String, Object> schemaOf(Type type) {
		return MAPPER.convertValue(GENERATOR.generateSchema(type), new TypeReference<Map<String, Object>>() {
		});
	}

}
