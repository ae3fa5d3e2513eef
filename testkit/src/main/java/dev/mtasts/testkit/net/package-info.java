/** Network helpers for tests: free loopback ports for servers that cannot bind port 0 themselves. */
package dev.mtasts.testkit.net;
