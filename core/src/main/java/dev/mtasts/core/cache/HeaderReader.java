package dev.mtasts.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/** Reads the common start of the snapshot and journal files: signature, version int, generation long. */
final class HeaderReader {
    private HeaderReader() {
    }

    static OptionalLong generation(Path file, byte[] magic, int version) {
        ByteBuffer header = ByteBuffer.allocate(magic.length + 4 + 8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header) > 0) {
                // reads until the header is full or the file ends
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (header.hasRemaining()) {
            return OptionalLong.empty();
        }
        header.flip();
        for (byte b : magic) {
            if (header.get() != b) {
                return OptionalLong.empty();
            }
        }
        return header.getInt() == version ? OptionalLong.of(header.getLong()) : OptionalLong.empty();
    }
}
