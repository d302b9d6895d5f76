package io.github.ollamaws.testserver.spring;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives the application context of a
 * test annotated with {@link AutoConfigureOllamaWsTestServer} (on the class or an
 * enclosing class) a test gateway.
 */
class OllamaWsTestServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureOllamaWsTestServer annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureOllamaWsTestServer.class);
		return (annotation != null) ? new OllamaWsTestServerContextCustomizer(annotation.defaultModel()) : null;
	}

}
