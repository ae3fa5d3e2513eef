/** Editing the James configuration files a test or the bench copies from conf-samples. */
package dev.mtasts.testkit.conf;
