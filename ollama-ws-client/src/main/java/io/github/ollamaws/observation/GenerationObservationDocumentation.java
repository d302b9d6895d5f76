package io.github.ollamaws.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the Ollama WebSocket client, named after the OpenTelemetry semantic
 * conventions for generative AI clients. Prompts and completions are never part of them.
 */
public enum GenerationObservationDocumentation implements ObservationDocumentation {

	/**
	 * One generation, from the request to its last frame. With a tracing bridge on the
	 * class path the observation is a span, named {@code text_completion <model>}.
	 */
	GENERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultGenerationObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

		@Override
		public Observation.Event[] getEvents() {
			return Events.values();
		}

	};

	/**
	 * Keys with few distinct values, on the observation and on every meter derived from
	 * it.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The kind of operation: always {@code text_completion}. */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/** The provider: always {@code ollama}. */
		PROVIDER_NAME {
			@Override
			public String asString() {
				return "gen_ai.provider.name";
			}
		},

		/** The model asked for, {@code none} for the gateway's default. */
		REQUEST_MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/** The model the gateway used, {@code none} until the gateway said. */
		RESPONSE_MODEL {
			@Override
			public String asString() {
				return "gen_ai.response.model";
			}
		},

		/**
		 * The simple name of the exception a generation failed with, {@code _OTHER} when
		 * the exception has none (an anonymous class), {@code none} when the generation
		 * did not fail.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/** The gateway's host. */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/** The gateway's port (the scheme's default when the URL names none). */
		SERVER_PORT {
			@Override
			public String asString() {
				return "server.port";
			}
		},

		/**
		 * How the generation ended: {@code success}, {@code error} or {@code cancelled}
		 * ({@code unknown} while it runs).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "ollama.ws.outcome";
			}
		}

	}

	/**
	 * Keys with many distinct values, on the observation (and span) only, never on
	 * meters.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The generation's id. */
		RESPONSE_ID {
			@Override
			public String asString() {
				return "gen_ai.response.id";
			}
		},

		/** The number of tokens generated. */
		USAGE_OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.output_tokens";
			}
		}

	}

	/**
	 * Events of a generation (span events when tracing).
	 */
	public enum Events implements Observation.Event {

		/** The first token arrived. */
		FIRST_TOKEN {
			@Override
			public String getName() {
				return "gen_ai.first_token";
			}
		}

	}

}
