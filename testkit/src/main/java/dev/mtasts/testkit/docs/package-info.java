/** Reading the code blocks of the Markdown docs, so that tests replay every documented sample. */
package dev.mtasts.testkit.docs;
