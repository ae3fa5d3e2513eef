/** JMH benchmarks and the delivery throughput harness; figures in docs/PERFORMANCE.md. */
package dev.mtasts.bench;
