package io.github.ollamaws.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The default options as the binder gives them (every value text, indexed properties a
 * map keyed {@code 0, 1, 2...}) become the typed values Ollama expects.
 */
class BoundDefaultOptionsTests {

	@Test
	void textThatReadsAsABooleanOrANumberBecomesOneAndOtherValuesStay() {
		Map<String, Object> bound = new LinkedHashMap<>();
		bound.put("a", "TRUE");
		bound.put("b", "false");
		bound.put("c", "42");
		bound.put("d", "-7");
		bound.put("e", "3000000000");
		bound.put("f", "0.25");
		bound.put("g", "-1.5e3");
		bound.put("h", "warm");
		bound.put("i", "1.2.3");
		bound.put("j", "1234567890123456789");
		bound.put("k", 3);
		assertThat(OllamaTemplateConfigurer.typedOptions(bound)).containsExactly(entry("a", true), entry("b", false),
				entry("c", 42), entry("d", -7), entry("e", 3_000_000_000L), entry("f", 0.25), entry("g", -1500.0),
				entry("h", "warm"), entry("i", "1.2.3"), entry("j", "1234567890123456789"), entry("k", 3));
	}

	@Test
	void indexedMapsBecomeListsAndOtherMapsStayMapsTypedAllTheWayDown() {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("top", "2");
		nested.put("on", "true");
		Map<String, Object> bound = new LinkedHashMap<>();
		bound.put("stop", Map.of("0", "###", "1", "END"));
		bound.put("nested", nested);
		bound.put("gap", Map.of("0", "a", "2", "b"));
		bound.put("empty", Map.of());
		bound.put("list", List.of("1", "x", Map.of("0", "true")));
		assertThat(OllamaTemplateConfigurer.typedOptions(bound)).containsExactly(entry("stop", List.of("###", "END")),
				entry("nested", Map.of("top", 2, "on", true)), entry("gap", Map.of("0", "a", "2", "b")),
				entry("empty", Map.of()), entry("list", List.of(1, "x", List.of(true))));
	}

}
