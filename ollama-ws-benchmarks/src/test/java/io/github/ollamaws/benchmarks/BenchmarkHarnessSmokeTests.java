package io.github.ollamaws.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark harness in its quick mode (the {@code --quick} run, every workload
 * at full size), against the gateway in its own JVM: checks that it completes and that
 * every stream's text was right. Times are measured, printed and never asserted.
 */
class BenchmarkHarnessSmokeTests {

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void quickRunCompletesWithEveryStreamRight() throws Exception {
		ByteArrayOutputStream progress = new ByteArrayOutputStream();
		Mode mode = Mode.QUICK;
		BenchmarkReport report = new BenchmarkHarness(mode, System.getProperty("java.class.path"),
				new PrintStream(progress, true, StandardCharsets.UTF_8))
			.run();
		List<StreamShape> shapes = StreamShape.all(mode.shapeDivisor);
		long shapeStreams = shapes.stream().mapToLong(StreamShape::streams).sum()
				* (mode.warmUps + (long) mode.runs * mode.repetitions)
				+ BenchmarkHarness.requestPathWarmUpStreams(mode);
		long firstTokenStreams = (long) mode.latencySamples * (1 + mode.runs);
		assertThat(report.wrongStreams()).as("streams of OllamaTemplate with a wrong text").isZero();
		assertThat(report.verifiedStreams()).isEqualTo(shapeStreams + firstTokenStreams
				+ BenchmarkHarness.framePathGenerations(mode) + BenchmarkHarness.fleetStreams(mode));
		assertThat(report.wrongBareStreams()).as("runs of the bare client with a wrong token count").isZero();
		assertThat(report.bareStreams()).isEqualTo(shapeStreams);
		assertThat(report.figures()).extracting(Figure::key)
			.contains("stream.single.cpuNsPerToken", "stream.multiplexed.cpuNsPerToken", "stream.pooled.cpuNsPerToken",
					"stream.pooled.allocatedBytesPerToken", "ping.p99", "firstToken.p50", "connect.rsa.p50",
					"connect.ec.p99", "heap.idleConnection", "heap.inFlightStream", "framePath.cpuNsPerToken",
					"fleet.cpuNsPerToken", "fleet.single.cpuNsPerToken", "fleet.routingNsPerRequest");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stream.single.cpuNsPerToken.ours.median=",
				"stream.single.cpuNsPerToken.ratio=", "streams.wrong=0", "| Figure |");
	}

}
