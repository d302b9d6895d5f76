package io.github.ollamaws.client;

import java.lang.reflect.Type;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;

/**
 * Derives JSON Schemas from Java types with victools' generator, configured as Spring AI's
 * {@code BeanOutputConverter} configures it, so that a type yields the same schema through either library.
 */
final class JsonSchemas {

	private static final ObjectMapper MAPPER = new ObjectMapper();

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
		JsonNode schema = GENERATOR.generateSchema(type);
		return MAPPER.convertValue(schema, new TypeReference<Map<String, Object>>() {
		});
	}

}
