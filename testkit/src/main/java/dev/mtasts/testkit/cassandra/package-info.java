/** A real Cassandra in a child JVM on loopback, for the tests of the Cassandra store. */
package dev.mtasts.testkit.cassandra;
