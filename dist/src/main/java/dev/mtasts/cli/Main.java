package dev.mtasts.cli;

/** Entry point of {@code java -jar james-mta-sts.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(2);
    }
}
