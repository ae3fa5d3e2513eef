/** A clock tests move by hand: time is moved, never slept. */
package dev.mtasts.testkit.time;
