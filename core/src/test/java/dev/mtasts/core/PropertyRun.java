package dev.mtasts.core;

import java.util.Random;
import java.util.function.Consumer;

/**
 * A small property-test runner: a property is checked for {@link #tries()} generated inputs, from a seeded
 * {@link Random}, so every failure names the seed and the input that reproduce it. CI runs 1000 tries with a
 * fixed seed; a longer run sets {@code -Dmtasts.property.tries=N} and {@code -Dmtasts.property.seed=S}
 * (see docs/SECURITY.md, "Property tests").
 */
public final class PropertyRun {
    /** Tries per property unless {@code mtasts.property.tries} says otherwise. */
    public static final int DEFAULT_TRIES = 1000;
    /** Seed unless {@code mtasts.property.seed} says otherwise: CI runs are reproducible. */
    public static final long DEFAULT_SEED = 8461L;

    private PropertyRun() {
    }

    /** Makes one input from the random source. */
    @FunctionalInterface
    public interface Generator<T> {
        T next(Random random);
    }

    public static int tries() {
        return Integer.getInteger("mtasts.property.tries", DEFAULT_TRIES);
    }

    public static long seed() {
        return Long.getLong("mtasts.property.seed", DEFAULT_SEED);
    }

    /** Checks {@code property} for {@link #tries()} inputs of {@code inputs}; the first failure names its input. */
    public static <T> void forAll(String name, Generator<T> inputs, Consumer<T> property) {
        long seed = seed() ^ name.hashCode();
        Random random = new Random(seed);
        int tries = tries();
        for (int i = 0; i < tries; i++) {
            T input = inputs.next(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property '" + name + "' failed at try " + (i + 1) + " of " + tries
                        + " (-Dmtasts.property.seed=" + seed() + ") for the input " + show(input), e);
            }
        }
    }

    private static String show(Object input) {
        String text;
        if (input instanceof byte[]) {
            text = java.util.Base64.getEncoder().encodeToString((byte[]) input) + " (base64)";
        } else {
            text = String.valueOf(input);
        }
        return "«" + RemoteText.clean(text, 4000) + "»";
    }
}
