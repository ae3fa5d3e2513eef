/** Capturing what code under test writes to the standard streams. */
package dev.mtasts.testkit.io;
