package io.github.ollamaws.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ollamaws.client.OllamaTemplate;
import io.github.ollamaws.client.OllamaTemplateInternals;
import io.github.ollamaws.connection.ConnectionFactory;
import io.github.ollamaws.connection.GatewayConnection;
import io.github.ollamaws.connection.GenerationSpec;
import io.github.ollamaws.connection.StreamingGeneration;
import io.github.ollamaws.core.GenerateRequest;
import io.github.ollamaws.core.GenerationResult;
import io.github.ollamaws.core.OllamaClientObserver;
import io.github.ollamaws.core.TokenHandler;
import io.github.ollamaws.fleet.GatewayEndpoint;
import io.github.ollamaws.fleet.GatewaySource;
import io.github.ollamaws.fleet.GatewayStatus;
import io.github.ollamaws.routing.FleetRouter;
import io.github.ollamaws.testserver.ScriptedModel;
import io.github.ollamaws.testserver.TestKeyPair;
import io.github.ollamaws.testserver.TestKeys;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.socket.TextMessage;

/**
 * Runs the benchmark: starts the gateway in its own process, then measures
 * {@link OllamaTemplate} and the {@link BareClient} side by side in this process, run
 * after run, alternating which goes first.
 */
final class BenchmarkHarness {

	/** The longest any single step may take before the run is abandoned. */
	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The message buffer size of the client's WebSocket container, in bytes or
	 * characters.
	 */
	private static final int CONTAINER_BUFFER_SIZE = 64 * 1024;

	/** Generations sent through each client before anything is measured. */
	private static final int REQUEST_PATH_WARM_UP_STREAMS = 2000;

	/**
	 * Token frames fed to the handlers per run of the frame path figure, in full mode.
	 */
	private static final int FRAME_PATH_FRAMES = 2_000_000;

	private static final String FRAME_PATH_TOKEN = "t123 ";

	private static final int FRAME_PATH_GENERATIONS = 50;

	/** The name of the frame path figure for {@code --only}. */
	private static final String FRAME_PATH = "frames";

	/** The name of the fleet figures for {@code --only}. */
	private static final String FLEET = "fleet";

	/** The gateways of the fleet figures, each in a process of its own. */
	private static final int FLEET_GATEWAYS = 3;

	/** The connections to each gateway of the fleet. */
	private static final int FLEET_CONNECTIONS_PER_GATEWAY = 2;

	/** The routing decisions per run of the routing figure. */
	private static final int ROUTING_DECISIONS = 1_000_000;

	/** The one-token generations of the per-request figure, in full mode. */
	private static final int FLEET_REQUESTS = 2000;

	/** The zero-delay script the time to first token is measured on. */
	private static final int FIRST_TOKEN_SCRIPT = 8;

	private static final TokenHandler IGNORE_TOKENS = (token) -> {
	};

	private static final double MAX_CPU_RATIO = 1.3;

	private static final double MAX_BYTES_PER_TOKEN = 600;

	private static final double MAX_PING_P99_EXCESS_MICROS = 1000;

	private static final double MAX_CONNECT_MEDIAN_MILLIS = 30;

	private final Mode mode;

	private final String classPath;

	private final PrintStream log;

	private final String onlyShape;

	private final ClientMeter meter = new ClientMeter();

	private final List<Figure> figures = new ArrayList<>();

	private final String idPrefix = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicInteger idCount = new AtomicInteger();

	private final Map<String, TestKeyPair> keys = new LinkedHashMap<>();

	private GatewayProcess gateway;

	private WsWebSocketContainer bareContainer;

	private double idleCpuPerWallNano;

	private double idleMxBeanCpuPerWallNano;

	private long verifiedStreams;

	private long wrongStreams;

	private long bareStreams;

	private long wrongBareRuns;

	/**
	 * A harness.
	 * @param mode how much to measure
	 * @param classPath the class path to start the gateway's JVM with
	 * @param log where progress goes
	 */
	BenchmarkHarness(Mode mode, String classPath, PrintStream log) {
		this(mode, classPath, log, null);
	}

	/**
	 * A harness that measures one streaming workload only, to profile it.
	 * @param mode how much to measure
	 * @param classPath the class path to start the gateway's JVM with
	 * @param log where progress goes
	 * @param onlyShape the key of the workload to measure ({@code single},
	 * {@code multiplexed}, {@code pooled} or {@code frames} for the frame path), or
	 * {@code null} for every figure
	 */
	BenchmarkHarness(Mode mode, String classPath, PrintStream log, String onlyShape) {
		this.mode = mode;
		this.classPath = classPath;
		this.log = log;
		this.onlyShape = onlyShape;
	}

	/**
	 * Measures every figure.
	 * @return the report
	 * @throws Exception if a step fails or times out
	 */
	BenchmarkReport run() throws Exception {
		List<StreamShape> shapes = StreamShape.all(this.mode.shapeDivisor)
			.stream()
			.filter((shape) -> this.onlyShape == null || shape.key().equals(this.onlyShape))
			.toList();
		boolean onlyFramePath = FRAME_PATH.equals(this.onlyShape);
		boolean onlyFleet = FLEET.equals(this.onlyShape);
		if (shapes.isEmpty() && !onlyFramePath && !onlyFleet) {
			throw new IllegalArgumentException("No workload named " + this.onlyShape);
		}
		this.keys.put("rsa", TestKeys.rsa());
		this.keys.put("ec", TestKeys.ec());
		TreeSet<Integer> tokenCounts = new TreeSet<>();
		shapes.forEach((shape) -> tokenCounts.add(shape.tokensPerStream()));
		tokenCounts.add(FIRST_TOKEN_SCRIPT);
		tokenCounts.add(fleetShape().tokensPerStream());
		tokenCounts.add(1);
		Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
		this.keys.forEach((name, pair) -> publicKeys.put(name, pair.publicKey()));
		this.bareContainer = new WsWebSocketContainer();
		// The client's container buffer sizes (ConnectionFactory), so that both clients
		// read the socket alike.
		this.bareContainer.setDefaultMaxTextMessageBufferSize(CONTAINER_BUFFER_SIZE);
		this.bareContainer.setDefaultMaxBinaryMessageBufferSize(CONTAINER_BUFFER_SIZE);
		try (GatewayProcess started = GatewayProcess.start(this.classPath, tokenCounts, publicKeys,
				Duration.ofSeconds(60))) {
			this.gateway = started;
			this.log.println("Gateway process " + started.pid() + " listening at " + started.url());
			warmUpRequestPath();
			for (StreamShape shape : shapes) {
				measureStreaming(shape);
			}
			if (this.onlyShape == null || onlyFramePath) {
				measureFramePath();
			}
			if (this.onlyShape == null || onlyFleet) {
				measureFleet(tokenCounts, publicKeys);
			}
			if (this.onlyShape == null) {
				measureLatency();
				measureConnect("rsa");
				measureConnect("ec");
				measureRetainedHeap();
			}
		}
		finally {
			this.bareContainer.destroy();
		}
		return new BenchmarkReport(this.mode, List.copyOf(this.figures), this.verifiedStreams, this.wrongStreams,
				this.bareStreams, this.wrongBareRuns);
	}

	// (1) and (2): CPU per token, tokens per second, bytes allocated per token

	private void measureStreaming(StreamShape shape) throws Exception {
		this.log.println("Streaming: " + shape.title());
		String expected = String.join("", ScriptedModel.countedTokens(shape.tokensPerStream()));
		try (OllamaTemplate template = template("rsa", shape.connections(), shape.streams());
				BareConnections bare = bareConnections("rsa", shape.connections())) {
			for (int i = 0; i < this.mode.warmUps; i++) {
				streamOurs(template, shape, expected);
				streamBare(bare, shape);
			}
			if (this.idleCpuPerWallNano == 0) {
				measureIdleCpu();
			}
			Map<String, List<Double>> values = new LinkedHashMap<>();
			int repetitions = this.mode.repetitions;
			for (int run = 0; run < this.mode.runs; run++) {
				ClientMeter.Usage ours = ClientMeter.Usage.NONE;
				ClientMeter.Usage baseline = ClientMeter.Usage.NONE;
				// Interleaved, alternating which client goes first, so that both see the
				// same load on the machine.
				for (int repetition = 0; repetition < repetitions; repetition++) {
					if ((run + repetition) % 2 == 0) {
						baseline = baseline.plus(streamBare(bare, shape));
						ours = ours.plus(streamOurs(template, shape, expected));
					}
					else {
						ours = ours.plus(streamOurs(template, shape, expected));
						baseline = baseline.plus(streamBare(bare, shape));
					}
				}
				long tokens = shape.totalTokens() * repetitions;
				collect(values, "cpu", cpuPerToken(ours, tokens), cpuPerToken(baseline, tokens));
				collect(values, "pairedRatio.ours",
						cpuPerToken(ours, tokens) / Math.max(1, cpuPerToken(baseline, tokens)));
				collect(values, "mxBeanCpu", mxBeanCpuPerToken(ours, tokens), mxBeanCpuPerToken(baseline, tokens));
				collect(values, "receiveCpu", (double) ours.receiveCpuNanos() / tokens,
						(double) baseline.receiveCpuNanos() / tokens);
				collect(values, "callerCpu", (double) ours.callerCpuNanos() / tokens,
						(double) baseline.callerCpuNanos() / tokens);
				collect(values, "gcCpu", (double) ours.gcCpuNanos() / tokens, (double) baseline.gcCpuNanos() / tokens);
				collect(values, "rate", tokens * 1e9 / ours.wallNanos(), tokens * 1e9 / baseline.wallNanos());
				collect(values, "allocated", (double) ours.receiveAllocatedBytes() / tokens,
						(double) baseline.receiveAllocatedBytes() / tokens);
			}
			String key = "stream." + shape.key();
			String title = shape.title();
			add(pair(values, "cpu", key + ".cpuNsPerToken", "Client CPU per token, " + title, "ns"));
			// Judged on the ratio within each run: both clients of a run saw the same
			// load on the machine.
			Figure ratio = new Figure(key + ".cpuRatioPaired", "CPU per token / bare's in the same run, " + title, "x",
					Summary.of(values.get("pairedRatio.ours")), null, null, null);
			add(ratio.judged("<= " + MAX_CPU_RATIO, ratio.ours().median() <= MAX_CPU_RATIO));
			add(pair(values, "mxBeanCpu", key + ".cpuNsPerTokenMxBean",
					"  the same from getProcessCpuTime() (10 ms ticks), " + title, "ns"));
			// Where the CPU goes, from the threads' own clocks: decoding and dispatching,
			// and sending requests.
			add(pair(values, "receiveCpu", key + ".receiveThreadsCpuNsPerToken", "  of which receive threads, " + title,
					"ns"));
			add(pair(values, "callerCpu", key + ".callerCpuNsPerToken", "  of which the calling thread, " + title,
					"ns"));
			add(pair(values, "gcCpu", key + ".gcThreadsCpuNsPerToken", "  of which garbage collector threads, " + title,
					"ns"));
			add(pair(values, "rate", key + ".tokensPerSecond", "Tokens per second, " + title, "tokens/s"));
			Figure allocated = pair(values, "allocated", key + ".allocatedBytesPerToken",
					"Allocated on the receive threads per token, " + title, "bytes");
			add(allocated.judged("<= " + (int) MAX_BYTES_PER_TOKEN + " bytes",
					allocated.ours().median() <= MAX_BYTES_PER_TOKEN));
		}
	}

	// (1) over several gateways: the fleet beside one gateway

	/**
	 * The fleet's streaming workload: the pooled one's, over three gateways with two
	 * connections each.
	 * @return the workload in this run's mode
	 */
	private StreamShape fleetShape() {
		return fleetShape(this.mode);
	}

	private static StreamShape fleetShape(Mode mode) {
		StreamShape pooled = StreamShape.all(mode.shapeDivisor).get(2);
		int connections = FLEET_GATEWAYS * FLEET_CONNECTIONS_PER_GATEWAY;
		return new StreamShape(FLEET,
				pooled.streams() + " x " + pooled.tokensPerStream() + " tokens, " + connections + " connections",
				pooled.streams(), pooled.tokensPerStream(), connections);
	}

	/**
	 * The same workloads through a template over three gateways (two more gateway
	 * processes) and through a template over one gateway with as many connections,
	 * interleaved: CPU per token of long streams, and CPU per request of one-token
	 * generations, where the fleet's per-request work (routing among the gateways, the
	 * request's bookkeeping) weighs most.
	 * @param tokenCounts the token counts the gateway processes must script
	 * @param publicKeys the public keys the gateway processes must accept, by name
	 * @throws Exception if a gateway process or a run fails
	 */
	private void measureFleet(TreeSet<Integer> tokenCounts, Map<String, PublicKey> publicKeys) throws Exception {
		StreamShape streams = fleetShape();
		int requestCount = FLEET_REQUESTS / this.mode.shapeDivisor;
		StreamShape requests = new StreamShape(FLEET + "-requests",
				requestCount + " x 1 token, " + streams.connections() + " connections", requestCount, 1,
				streams.connections());
		this.log.println(
				"Fleet: " + FLEET_GATEWAYS + " gateways beside one, " + streams.title() + " and " + requests.title());
		String expected = String.join("", ScriptedModel.countedTokens(streams.tokensPerStream()));
		String oneToken = String.join("", ScriptedModel.countedTokens(1));
		List<GatewayProcess> others = new ArrayList<>();
		try {
			List<GatewayProcess> gateways = new ArrayList<>(List.of(this.gateway));
			for (int i = 1; i < FLEET_GATEWAYS; i++) {
				GatewayProcess other = GatewayProcess.start(this.classPath, tokenCounts, publicKeys,
						Duration.ofSeconds(60));
				others.add(other);
				gateways.add(other);
			}
			// The same limit per connection for both: neither waits for slots more.
			int maxInFlight = Math.max(streams.streams(), requests.streams());
			try (OllamaTemplate fleet = fleetTemplate(gateways, maxInFlight);
					OllamaTemplate single = template("rsa", streams.connections(), maxInFlight)) {
				for (int i = 0; i < this.mode.warmUps; i++) {
					streamOurs(fleet, streams, expected);
					streamOurs(single, streams, expected);
					streamOurs(fleet, requests, oneToken);
					streamOurs(single, requests, oneToken);
				}
				if (this.idleCpuPerWallNano == 0) {
					measureIdleCpu();
				}
				Map<String, List<Double>> values = new LinkedHashMap<>();
				for (int run = 0; run < this.mode.runs; run++) {
					ClientMeter.Usage[] tokens = { ClientMeter.Usage.NONE, ClientMeter.Usage.NONE };
					ClientMeter.Usage[] perRequest = { ClientMeter.Usage.NONE, ClientMeter.Usage.NONE };
					for (int repetition = 0; repetition < this.mode.repetitions; repetition++) {
						// Alternating which goes first, so that both see the same load.
						OllamaTemplate[] order = ((run + repetition) % 2 == 0) ? new OllamaTemplate[] { fleet, single }
								: new OllamaTemplate[] { single, fleet };
						for (OllamaTemplate template : order) {
							int slot = (template == fleet) ? 0 : 1;
							tokens[slot] = tokens[slot].plus(streamOurs(template, streams, expected));
							perRequest[slot] = perRequest[slot].plus(streamOurs(template, requests, oneToken));
						}
					}
					long tokenTotal = streams.totalTokens() * this.mode.repetitions;
					long requestTotal = (long) requests.streams() * this.mode.repetitions;
					collect(values, "cpu", cpuPerToken(tokens[0], tokenTotal), cpuPerToken(tokens[1], tokenTotal));
					collect(values, "ratio", cpuPerToken(tokens[0], tokenTotal) / cpuPerToken(tokens[1], tokenTotal));
					collect(values, "rate", tokenTotal * 1e9 / tokens[0].wallNanos(),
							tokenTotal * 1e9 / tokens[1].wallNanos());
					// The same subtraction as per token: per request of one token.
					double fleetRequest = cpuPerToken(perRequest[0], requestTotal);
					double singleRequest = cpuPerToken(perRequest[1], requestTotal);
					collect(values, "request", fleetRequest, singleRequest);
					collect(values, "requestExcess", fleetRequest - singleRequest);
				}
				add(single(values, "cpu.ours", FLEET + ".cpuNsPerToken",
						"Client CPU per token, " + FLEET_GATEWAYS + " gateways, " + streams.title(), "ns"));
				add(single(values, "cpu.bare", FLEET + ".single.cpuNsPerToken",
						"  the same over one gateway, " + streams.title(), "ns"));
				add(single(values, "ratio", FLEET + ".cpuRatioPaired", "  fleet / one gateway in the same run", "x"));
				add(single(values, "rate.ours", FLEET + ".tokensPerSecond",
						"Tokens per second, " + FLEET_GATEWAYS + " gateways, " + streams.title(), "tokens/s"));
				add(single(values, "rate.bare", FLEET + ".single.tokensPerSecond",
						"  the same over one gateway, " + streams.title(), "tokens/s"));
				add(single(values, "request.ours", FLEET + ".cpuNsPerRequest",
						"Client CPU per request, " + FLEET_GATEWAYS + " gateways, " + requests.title(), "ns"));
				add(single(values, "request.bare", FLEET + ".single.cpuNsPerRequest",
						"  the same over one gateway, " + requests.title(), "ns"));
				measureRoutingDecision(fleet);
				add(single(values, "requestExcess", FLEET + ".routingNsPerRequest",
						"  fleet minus one gateway in the same run (routing and its bookkeeping)", "ns"));
			}
		}
		finally {
			others.forEach(GatewayProcess::close);
		}
	}

	/**
	 * The routing decision alone: a fleet over the same three gateways (its own pools,
	 * up, models listed) asked for the gateway of a request {@value #ROUTING_DECISIONS}
	 * times per run on this thread, timed by this thread's CPU clock.
	 * @param template a template over the three gateways, connected
	 * @throws Exception if the fleet cannot be asked
	 */
	private void measureRoutingDecision(OllamaTemplate template) throws Exception {
		List<GatewayStatus> statuses = template.gatewayStatuses();
		GatewaySource source = GatewaySource.of(statuses.stream().map(GatewayStatus::endpoint).toList());
		FleetRouter fleet = new FleetRouter(OllamaTemplateInternals.settings(template), source, Duration.ofMinutes(1),
				this);
		try {
			String model = GatewayMain.modelFor(1);
			long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
			while (fleet.statuses().stream().filter((status) -> status.serves(model)).count() < statuses.size()) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("The fleet's gateways did not list their models");
				}
				Thread.sleep(5);
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			List<Double> nanos = new ArrayList<>();
			Set<URI> chosen = new HashSet<>();
			for (int run = -1; run < this.mode.runs; run++) {
				long before = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < ROUTING_DECISIONS; i++) {
					URI url = fleet.route(model);
					if (i < statuses.size()) {
						chosen.add(url);
					}
				}
				long spent = threads.getCurrentThreadCpuTime() - before;
				if (run >= 0) {
					nanos.add((double) spent / ROUTING_DECISIONS);
				}
			}
			if (chosen.size() != statuses.size()) {
				throw new IllegalStateException("Idle gateways were not chosen in turn: " + chosen);
			}
			add(new Figure(FLEET + ".routingDecisionNs", "  the routing decision alone, " + statuses.size()
					+ " gateways up (" + ROUTING_DECISIONS + " on one thread)", "ns", Summary.of(nanos), null, null,
					null));
		}
		finally {
			fleet.shutdown(Duration.ZERO);
		}
	}

	/**
	 * How many generations the fleet figures send, through both templates.
	 * @param mode the mode
	 * @return the number of generations
	 */
	static long fleetStreams(Mode mode) {
		long perPass = fleetShape(mode).streams() + FLEET_REQUESTS / mode.shapeDivisor;
		return 2 * perPass * (mode.warmUps + (long) mode.runs * mode.repetitions);
	}

	/**
	 * A template over the given gateways, connected, as the streaming figures use.
	 * @param gateways the gateway processes
	 * @param maxInFlight the requests each connection may carry at once
	 * @return the template
	 */
	private OllamaTemplate fleetTemplate(List<GatewayProcess> gateways, int maxInFlight) {
		int connections = gateways.size() * FLEET_CONNECTIONS_PER_GATEWAY;
		List<GatewayEndpoint> endpoints = gateways.stream()
			.map((gateway) -> GatewayEndpoint.of(gateway.url(), gateway.clientId("rsa")))
			.toList();
		OllamaTemplate template = OllamaTemplate.builder()
			.gateways(endpoints)
			.privateKey(this.keys.get("rsa").privateKey())
			.defaultModel(null)
			.pool((pool) -> pool.size(FLEET_CONNECTIONS_PER_GATEWAY)
				.maxInFlight(Math.max(1, (maxInFlight + connections - 1) / connections))
				.eagerWarmUp(true))
			.failFast(true)
			.requestTimeout(STEP_TIMEOUT)
			.shutdownTimeout(Duration.ZERO)
			.build();
		template.start();
		awaitAuthenticated(template, connections);
		return template;
	}

	private static Figure single(Map<String, List<Double>> values, String valuesKey, String key, String title,
			String unit) {
		return new Figure(key, title, unit, Summary.of(values.get(valuesKey)), null, null, null);
	}

	/**
	 * Sends many short generations through both clients first, so that their request
	 * paths are compiled before the workloads with few streams are measured.
	 */
	private void warmUpRequestPath() throws Exception {
		StreamShape shortStreams = new StreamShape("warm-up", "warm-up", 200, FIRST_TOKEN_SCRIPT, 1);
		String expected = String.join("", ScriptedModel.countedTokens(FIRST_TOKEN_SCRIPT));
		try (OllamaTemplate template = template("rsa", 1, shortStreams.streams());
				BareConnections bare = bareConnections("rsa", 1)) {
			for (int i = 0; i < requestPathWarmUpStreams(this.mode) / shortStreams.streams(); i++) {
				streamOurs(template, shortStreams, expected);
				streamBare(bare, shortStreams);
			}
		}
	}

	/**
	 * How many short generations each client sends to warm up.
	 * @param mode the mode
	 * @return the number of generations, a multiple of 200
	 */
	static int requestPathWarmUpStreams(Mode mode) {
		return REQUEST_PATH_WARM_UP_STREAMS / mode.shapeDivisor;
	}

	/**
	 * Runs the workload once through the template, and checks every stream's text.
	 * @param template the client under measurement
	 * @param shape the streams to run and their lengths
	 * @param expected the text every stream must produce
	 * @return the resources the client used during the run
	 * @throws Exception if the streams do not end in time or one fails
	 */
	private ClientMeter.Usage streamOurs(OllamaTemplate template, StreamShape shape, String expected) throws Exception {
		GenerateRequest request = GenerateRequest.builder("go")
			.model(GatewayMain.modelFor(shape.tokensPerStream()))
			.build();
		List<CompletableFuture<GenerationResult>> results = new ArrayList<>(shape.streams());
		System.gc();
		ClientMeter.Reading before = this.meter.read();
		for (int i = 0; i < shape.streams(); i++) {
			results.add(template.stream(request, IGNORE_TOKENS).result());
		}
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		ClientMeter.Usage usage = this.meter.read().since(before);
		for (CompletableFuture<GenerationResult> result : results) {
			if (expected.equals(result.join().text())) {
				this.verifiedStreams++;
			}
			else {
				this.wrongStreams++;
			}
		}
		return usage;
	}

	/**
	 * Runs the workload once through bare connections, and checks the token counts.
	 * @param bare the bare connections, the streams shared out among them in turn
	 * @param shape the streams to run and their lengths
	 * @return the resources the bare client used during the run
	 * @throws Exception if the streams do not end in time
	 */
	private ClientMeter.Usage streamBare(BareConnections bare, StreamShape shape) throws Exception {
		int connections = bare.clients().size();
		List<BareClient.Run> runs = new ArrayList<>(connections);
		for (int c = 0; c < connections; c++) {
			// Stream i goes to connection i % connections.
			BareClient.Run run = new BareClient.Run(
					shape.streams() / connections + ((c < shape.streams() % connections) ? 1 : 0));
			runs.add(run);
			bare.clients().get(c).begin(run);
		}
		String model = GatewayMain.modelFor(shape.tokensPerStream());
		System.gc();
		ClientMeter.Reading before = this.meter.read();
		for (int i = 0; i < shape.streams(); i++) {
			bare.clients().get(i % connections).generate(nextId("bare"), model);
		}
		for (BareClient.Run run : runs) {
			if (!run.done.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The bare client's streams did not end in time");
			}
		}
		ClientMeter.Usage usage = this.meter.read().since(before);
		for (BareClient.Run run : runs) {
			if (run.tokens == (long) run.streams * shape.tokensPerStream()) {
				this.bareStreams += run.streams;
			}
			else {
				this.wrongBareRuns++;
			}
		}
		return usage;
	}

	private void measureIdleCpu() throws InterruptedException {
		System.gc();
		ClientMeter.Reading before = this.meter.read();
		Thread.sleep(this.mode.idleBaselineMillis);
		ClientMeter.Usage idle = this.meter.read().since(before);
		this.idleCpuPerWallNano = Math.max(Double.MIN_VALUE, (double) idle.cpuNanos() / idle.wallNanos());
		this.idleMxBeanCpuPerWallNano = (double) idle.mxBeanCpuNanos() / idle.wallNanos();
		this.log.println("  process CPU from " + (this.meter.isPreciseProcessCpu()
				? "the threads' run times in /proc/self/task/*/schedstat" : "getProcessCpuTime()"));
		add(new Figure("idle.cpuPercent", "Harness process CPU while idle (subtracted from CPU figures)", "% of a core",
				Summary.of(List.of(this.idleCpuPerWallNano * 100)), null, null, null));
	}

	private double cpuPerToken(ClientMeter.Usage usage, long tokens) {
		return Math.max(0, usage.cpuNanos() - this.idleCpuPerWallNano * usage.wallNanos()) / tokens;
	}

	private double mxBeanCpuPerToken(ClientMeter.Usage usage, long tokens) {
		return Math.max(0, usage.mxBeanCpuNanos() - this.idleMxBeanCpuPerWallNano * usage.wallNanos()) / tokens;
	}

	// (1) and (2) without the network: the handlers alone, fed token frames in a loop

	/**
	 * Feeds {@code stream_token} frames of 50 generations straight to the handlers, on
	 * this thread, without the network or Tomcat: {@link GatewayConnection#handleMessage}
	 * (an open, authenticated connection whose generations the gateway never answers) and
	 * {@link BareClient#onMessage}. Measures their CPU time and allocation per frame with
	 * this thread's own counters, and checks every generation's text at the end.
	 */
	private void measureFramePath() throws Exception {
		this.log.println("Frame path: the handlers alone");
		int frames = FRAME_PATH_FRAMES / this.mode.shapeDivisor;
		int streams = FRAME_PATH_GENERATIONS;
		List<Double> oursNanos = new ArrayList<>();
		List<Double> bareNanos = new ArrayList<>();
		List<Double> oursBytes = new ArrayList<>();
		List<Double> bareBytes = new ArrayList<>();
		GenerationSpec silent = new GenerationSpec(GatewayMain.SILENT_MODEL, "go", Map.of(), STEP_TIMEOUT,
				Duration.ZERO);
		try (OllamaTemplate settingsHolder = template("rsa", 1, streams, false);
				BareConnections bare = bareConnections("rsa", 1)) {
			ConnectionFactory factory = new ConnectionFactory(OllamaTemplateInternals.settings(settingsHolder));
			GatewayConnection connection = factory.create(IGNORING_LISTENER)
				.open()
				.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			try {
				for (int run = -1; run < this.mode.runs; run++) {
					List<StreamingGeneration> generations = new ArrayList<>(streams);
					TextMessage[] messages = new TextMessage[streams];
					CountDownLatch started = new CountDownLatch(streams);
					TokenHandler countingStarts = new TokenHandler() {

						@Override
						public void onToken(String token) {
						}

						@Override
						public void onStart(String generationId, String model) {
							started.countDown();
						}

					};
					for (int i = 0; i < streams; i++) {
						StreamingGeneration generation = new StreamingGeneration(silent, countingStarts,
								OllamaClientObserver.NOOP, this.gateway.url(), false);
						connection.dispatch(generation);
						generations.add(generation);
						messages[i] = new TextMessage(tokenFrame(generation.wireId()));
					}
					// The gateway answers each with a stream_start, then nothing: once
					// all have come, this thread is the only one giving the connection
					// frames, as the container's one I/O thread would be.
					if (!started.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
						throw new IllegalStateException("The gateway did not start the frame path's generations");
					}
					long[] before = this.meter.currentThread();
					for (int i = 0; i < frames; i++) {
						// A new message per frame, as the container delivers them.
						connection.handleMessage(null, new TextMessage(messages[i % streams].getPayload()));
					}
					long[] after = this.meter.currentThread();
					BareClient bareClient = bare.clients().get(0);
					BareClient.Run counting = new BareClient.Run(Integer.MAX_VALUE);
					bareClient.begin(counting);
					long[] bareBefore = this.meter.currentThread();
					for (int i = 0; i < frames; i++) {
						bareClient.onMessage(messages[i % streams].getPayload());
					}
					long[] bareAfter = this.meter.currentThread();
					checkFramePath(generations, frames, counting);
					if (run >= 0) {
						oursNanos.add((double) (after[0] - before[0]) / frames);
						oursBytes.add((double) (after[1] - before[1]) / frames);
						bareNanos.add((double) (bareAfter[0] - bareBefore[0]) / frames);
						bareBytes.add((double) (bareAfter[1] - bareBefore[1]) / frames);
					}
				}
			}
			finally {
				connection.close("benchmark");
				factory.close();
			}
		}
		add(new Figure("framePath.cpuNsPerToken", "Handler CPU per token frame, no network (50 generations)", "ns",
				Summary.of(oursNanos), Summary.of(bareNanos), null, null));
		add(new Figure("framePath.allocatedBytesPerToken", "Handler allocation per token frame, no network", "bytes",
				Summary.of(oursBytes), Summary.of(bareBytes), null, null));
	}

	/**
	 * How many generations the frame path figure checks: its generations, in a warm-up
	 * run and each run.
	 * @param mode the mode
	 * @return the number of generations
	 */
	static int framePathGenerations(Mode mode) {
		return FRAME_PATH_GENERATIONS * (mode.runs + 1);
	}

	private void checkFramePath(List<StreamingGeneration> generations, int frames, BareClient.Run counting)
			throws Exception {
		for (int i = 0; i < generations.size(); i++) {
			StreamingGeneration generation = generations.get(i);
			generation.cancelNow();
			int expectedTokens = frames / generations.size() + ((i < frames % generations.size()) ? 1 : 0);
			String text = generation.result().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).text();
			if (text.length() == expectedTokens * FRAME_PATH_TOKEN.length()
					&& text.equals(FRAME_PATH_TOKEN.repeat(expectedTokens))) {
				this.verifiedStreams++;
			}
			else {
				this.wrongStreams++;
			}
		}
		if (counting.tokens != frames) {
			this.wrongBareRuns++;
		}
	}

	private static String tokenFrame(String id) {
		// The shape and field order of the gateway's own token frames.
		return "{\"type\":\"stream_token\",\"id\":\"" + id + "\",\"token\":\"" + FRAME_PATH_TOKEN
				+ "\",\"timestamp\":1764136800123}";
	}

	// (3): ping round trip and time to first token

	private void measureLatency() throws Exception {
		this.log.println("Latency: ping and time to first token");
		int samples = this.mode.latencySamples;
		String model = GatewayMain.modelFor(FIRST_TOKEN_SCRIPT);
		String expected = String.join("", ScriptedModel.countedTokens(FIRST_TOKEN_SCRIPT));
		GenerateRequest request = GenerateRequest.builder("go").model(model).build();
		try (OllamaTemplate template = template("rsa", 1, 1); BareConnections bare = bareConnections("rsa", 1)) {
			BareClient bareClient = bare.clients().get(0);
			for (int i = 0; i < samples; i++) {
				pingOurs(template);
				bareClient.ping(nextId("ping"), STEP_TIMEOUT);
				firstTokenOurs(template, request, expected);
				bareClient.timeToFirstToken(nextId("bare"), model, STEP_TIMEOUT);
			}
			Map<String, List<Double>> values = new LinkedHashMap<>();
			for (int run = 0; run < this.mode.runs; run++) {
				long[] oursPing = new long[samples];
				long[] barePing = new long[samples];
				long[] oursFirst = new long[samples];
				long[] bareFirst = new long[samples];
				for (int i = 0; i < samples; i++) {
					oursPing[i] = pingOurs(template);
					barePing[i] = bareClient.ping(nextId("ping"), STEP_TIMEOUT);
				}
				for (int i = 0; i < samples; i++) {
					oursFirst[i] = firstTokenOurs(template, request, expected);
					bareFirst[i] = bareClient.timeToFirstToken(nextId("bare"), model, STEP_TIMEOUT);
				}
				for (int percentile : new int[] { 50, 99 }) {
					collect(values, "ping.p" + percentile, Summary.percentile(oursPing, percentile) / 1000,
							Summary.percentile(barePing, percentile) / 1000);
					collect(values, "firstToken.p" + percentile, Summary.percentile(oursFirst, percentile) / 1000,
							Summary.percentile(bareFirst, percentile) / 1000);
				}
			}
			add(pair(values, "ping.p50", "ping.p50", "ping() round trip p50", "us"));
			Figure p99 = pair(values, "ping.p99", "ping.p99", "ping() round trip p99", "us");
			add(p99.judged("<= bare + " + (int) MAX_PING_P99_EXCESS_MICROS + " us",
					p99.ours().median() - p99.bare().median() <= MAX_PING_P99_EXCESS_MICROS));
			add(pair(values, "firstToken.p50", "firstToken.p50", "Time to first token p50 (zero-delay script)", "us"));
			add(pair(values, "firstToken.p99", "firstToken.p99", "Time to first token p99 (zero-delay script)", "us"));
		}
	}

	private long pingOurs(OllamaTemplate template) {
		long start = System.nanoTime();
		template.ping();
		return System.nanoTime() - start;
	}

	private long firstTokenOurs(OllamaTemplate template, GenerateRequest request, String expected) throws Exception {
		CompletableFuture<Long> firstToken = new CompletableFuture<>();
		long start = System.nanoTime();
		GenerationResult result = template.stream(request, (token) -> {
			if (!firstToken.isDone()) {
				firstToken.complete(System.nanoTime());
			}
		}).result().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (expected.equals(result.text())) {
			this.verifiedStreams++;
		}
		else {
			this.wrongStreams++;
		}
		return firstToken.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) - start;
	}

	/**
	 * A figure of the client's and the bare client's values collected under
	 * {@code valuesKey}.
	 * @param values the samples of each run, under {@code <valuesKey>.ours} and
	 * {@code <valuesKey>.bare}
	 * @param valuesKey the prefix the figure's samples are collected under
	 * @param key the figure's name in the {@code name=value} output
	 * @param title what is measured, for the table
	 * @param unit the unit of the values
	 * @return the figure, without a target
	 */
	private static Figure pair(Map<String, List<Double>> values, String valuesKey, String key, String title,
			String unit) {
		return new Figure(key, title, unit, Summary.of(values.get(valuesKey + ".ours")),
				Summary.of(values.get(valuesKey + ".bare")), null, null);
	}

	// (4): connect and authenticate

	private void measureConnect(String keyName) throws Exception {
		this.log.println("Connect and authenticate: " + keyName);
		int count = this.mode.connections;
		TestKeyPair pair = this.keys.get(keyName);
		try (OllamaTemplate settingsHolder = template(keyName, 1, 1, false)) {
			ConnectionFactory factory = new ConnectionFactory(OllamaTemplateInternals.settings(settingsHolder));
			try {
				Map<String, List<Double>> values = new LinkedHashMap<>();
				connectOurs(factory, Math.min(count, 20));
				connectBare(pair, keyName, Math.min(count, 20));
				for (int run = 0; run < this.mode.connectRuns; run++) {
					long[] ours = connectOurs(factory, count);
					long[] bare = connectBare(pair, keyName, count);
					collect(values, "p50", Summary.percentile(ours, 50) / 1e6, Summary.percentile(bare, 50) / 1e6);
					collect(values, "p99", Summary.percentile(ours, 99) / 1e6, Summary.percentile(bare, 99) / 1e6);
				}
				String key = "connect." + keyName;
				String title = "Connect + authenticate, " + (keyName.equals("rsa") ? "RSA-2048" : "EC P-256");
				Figure median = pair(values, "p50", key + ".p50", title + ", median", "ms");
				add(median.judged("< " + (int) MAX_CONNECT_MEDIAN_MILLIS + " ms",
						median.ours().median() < MAX_CONNECT_MEDIAN_MILLIS));
				add(pair(values, "p99", key + ".p99", title + ", p99", "ms"));
			}
			finally {
				factory.close();
			}
		}
	}

	/**
	 * Opens connections one after the other and keeps them open, as a pool does, then
	 * closes them all.
	 * @param factory opens the client's connections
	 * @param count how many connections to open
	 * @return the time each connection took to open and authenticate, in nanoseconds
	 * @throws Exception if a connection fails or does not open in time
	 */
	private long[] connectOurs(ConnectionFactory factory, int count) throws Exception {
		long[] samples = new long[count];
		List<GatewayConnection> connections = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				connections
					.add(factory.create(IGNORING_LISTENER).open().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
				samples[i] = System.nanoTime() - start;
			}
		}
		finally {
			connections.forEach((connection) -> connection.close("benchmark"));
		}
		return samples;
	}

	private long[] connectBare(TestKeyPair pair, String keyName, int count) throws IOException {
		long[] samples = new long[count];
		List<BareClient> clients = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				clients.add(BareClient.connect(this.bareContainer, this.gateway.url(), this.gateway.clientId(keyName),
						pair.privateKey(), CONNECT_TIMEOUT));
				samples[i] = System.nanoTime() - start;
			}
		}
		finally {
			clients.forEach(BareClient::close);
		}
		return samples;
	}

	// (5): retained heap

	private void measureRetainedHeap() throws Exception {
		this.log.println("Retained heap");
		int count = this.mode.idleConnections;
		List<Double> oursPerConnection = new ArrayList<>();
		List<Double> barePerConnection = new ArrayList<>();
		List<Double> perStream = new ArrayList<>();
		try (OllamaTemplate settingsHolder = template("rsa", 1, 1, false)) {
			ConnectionFactory factory = new ConnectionFactory(OllamaTemplateInternals.settings(settingsHolder));
			try {
				for (int run = 0; run < this.mode.connectRuns; run++) {
					List<GatewayConnection> connections = new ArrayList<>(count);
					long before = this.meter.retainedHeap();
					for (int i = 0; i < count; i++) {
						connections.add(factory.create(IGNORING_LISTENER)
							.open()
							.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
					}
					oursPerConnection.add((double) (this.meter.retainedHeap() - before) / count);
					connections.forEach((connection) -> connection.close("benchmark"));
					before = this.meter.retainedHeap();
					try (BareConnections bare = bareConnections("rsa", count)) {
						barePerConnection.add((double) (this.meter.retainedHeap() - before) / count);
					}
				}
			}
			finally {
				factory.close();
			}
		}
		int streams = this.mode.inFlightStreams;
		GenerateRequest silent = GenerateRequest.builder("go").model(GatewayMain.SILENT_MODEL).build();
		for (int run = 0; run < this.mode.connectRuns; run++) {
			try (OllamaTemplate template = template("rsa", 1, streams + 1)) {
				template.ping();
				long before = this.meter.retainedHeap();
				List<CompletableFuture<GenerationResult>> inFlight = new ArrayList<>(streams);
				for (int i = 0; i < streams; i++) {
					inFlight.add(template.stream(silent, IGNORE_TOKENS).result());
				}
				// The gateway answers in order: once the pong is back, every generation
				// has reached it.
				template.ping();
				perStream.add((double) (this.meter.retainedHeap() - before) / streams);
				if (inFlight.stream().anyMatch(CompletableFuture::isDone)) {
					throw new IllegalStateException("A never-answering generation ended");
				}
			}
		}
		add(new Figure("heap.idleConnection", "Retained heap per idle authenticated connection", "bytes",
				Summary.of(oursPerConnection), Summary.of(barePerConnection), null, null));
		add(new Figure("heap.inFlightStream", "Retained heap per in-flight stream", "bytes", Summary.of(perStream),
				null, null, null));
	}

	// Clients

	private OllamaTemplate template(String keyName, int poolSize, int maxInFlight) {
		return template(keyName, poolSize, maxInFlight, true);
	}

	private OllamaTemplate template(String keyName, int poolSize, int maxInFlight, boolean start) {
		// -Dollama.ws.benchmarks.virtual-threads=true (Java 21+): the client's own
		// threads are virtual, as with spring.threads.virtual.enabled=true; Tomcat's I/O
		// threads, which carry the tokens, stay as they are.
		ThreadFactory threads = Boolean.getBoolean("ollama.ws.benchmarks.virtual-threads")
				? new VirtualThreadTaskExecutor("ollama-ws-").getVirtualThreadFactory() : null;
		OllamaTemplate template = OllamaTemplate.builder()
			.threadFactory(threads)
			.url(this.gateway.url())
			.clientId(this.gateway.clientId(keyName))
			.privateKey(this.keys.get(keyName).privateKey())
			.defaultModel(null)
			.pool((pool) -> pool.size(poolSize)
				.maxInFlight(Math.max(1, (maxInFlight + poolSize - 1) / poolSize))
				.eagerWarmUp(true))
			.failFast(true)
			.requestTimeout(STEP_TIMEOUT)
			.shutdownTimeout(Duration.ZERO)
			.build();
		if (start) {
			template.start();
			awaitAuthenticated(template, poolSize);
		}
		return template;
	}

	private static void awaitAuthenticated(OllamaTemplate template, int connections) {
		long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
		while (template.poolStatus().authenticated() < connections) {
			if (System.nanoTime() - deadline > 0) {
				template.close();
				throw new IllegalStateException("The pool did not open " + connections + " connections");
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				template.close();
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while opening the pool", ex);
			}
		}
	}

	private BareConnections bareConnections(String keyName, int count) throws IOException {
		List<BareClient> clients = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				clients.add(BareClient.connect(this.bareContainer, this.gateway.url(), this.gateway.clientId(keyName),
						this.keys.get(keyName).privateKey(), CONNECT_TIMEOUT));
			}
			return new BareConnections(clients);
		}
		catch (IOException | RuntimeException ex) {
			clients.forEach(BareClient::close);
			throw ex;
		}
	}

	private String nextId(String kind) {
		return kind + "-" + this.idPrefix + "-" + this.idCount.incrementAndGet();
	}

	private void add(Figure figure) {
		this.figures.add(figure);
		this.log.println("  " + figure.key() + " = " + figure.ours().median() + " " + figure.unit()
				+ ((figure.bare() != null) ? " (bare " + figure.bare().median() + ")" : ""));
	}

	private static void collect(Map<String, List<Double>> values, String key, double value) {
		values.computeIfAbsent(key, (name) -> new ArrayList<>()).add(value);
	}

	private static void collect(Map<String, List<Double>> values, String key, double ours, double bare) {
		collect(values, key + ".ours", ours);
		collect(values, key + ".bare", bare);
	}

	private static final GatewayConnection.Listener IGNORING_LISTENER = new GatewayConnection.Listener() {

		@Override
		public void opened(GatewayConnection connection) {
		}

		@Override
		public void released(GatewayConnection connection) {
		}

		@Override
		public void closed(GatewayConnection connection, boolean wasOpen, int code, String reason) {
		}

	};

	/**
	 * Bare connections used together, closed together.
	 *
	 * @param clients the connections
	 */
	private record BareConnections(List<BareClient> clients) implements AutoCloseable {

		@Override
		public void close() {
			this.clients.forEach(BareClient::close);
		}

	}

}
