/**
 * The command line tool ({@code java -jar james-mta-sts-cli.jar COMMAND ...}) for domain owners and operators.
 *
 * <p>{@link dev.mtasts.cli.Main} registers the commands; {@link dev.mtasts.cli.Dispatcher} picks the one
 * named by the first words of the command line and runs it. Each {@link dev.mtasts.cli.Command} is one
 * class that takes its arguments and output streams and returns the exit code, one convention for all (docs/cli.md): 0 nothing wrong, 1 warnings only,
 * 2 something wrong, 3 usage error. {@code policy lint} and {@code txt lint} run the plugin's own parsers, so they say exactly what a
 * sender using this plugin would conclude; {@code --json} gives the same as one JSON document.
 */
package dev.mtasts.cli;
