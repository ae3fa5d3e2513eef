package dev.mtasts.core.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The message as DATA sends it (RFC 5321 §4.5.2, §2.3.8): every line ending (CR, LF or CRLF) written as CRLF, a
 * "." at the start of a line doubled, and {@link #finish()} ending the last line and adding ".CRLF". Buffered:
 * the socket sees one write per 64 KiB, and {@link #finish()} flushes once. With {@code stuff} false it only
 * counts the message's octets (RFC 1870 §6: the size without the dots added). A failing socket write surfaces
 * as {@link SocketWriteException}, so it is told apart from a message that cannot be read. Not thread-safe.
 */
final class SmtpDataStream extends OutputStream {
    private final OutputStream out;
    private final boolean stuff;
    private final byte[] buffer;
    private int used;
    private long octets;
    private boolean lineStart = true;
    private boolean afterCr;

    SmtpDataStream(OutputStream out, boolean stuff) {
        this.out = out == null ? null : new MarkingStream(out);
        this.stuff = stuff;
        this.buffer = new byte[out == null ? 0 : 64 * 1024];
    }

    /** The octets of the message once written through a counting stream ({@code writer} writes it). */
    static long measure(SmtpMessage message) throws IOException {
        SmtpDataStream counter = new SmtpDataStream(null, false);
        message.writeTo(counter);
        counter.endLine();
        return counter.octets;
    }

    @Override
    public void write(int b) throws IOException {
        if (afterCr) {
            afterCr = false;
            crlf();
            if (b == '\n') {
                return;
            }
        }
        if (b == '\r') {
            afterCr = true;
        } else if (b == '\n') {
            crlf();
        } else {
            if (lineStart && b == '.' && stuff) {
                put('.');
            }
            put(b);
            lineStart = false;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void crlf() throws IOException {
        put('\r');
        put('\n');
        lineStart = true;
    }

    private void put(int b) throws IOException {
        octets++;
        if (out == null) {
            return;
        }
        if (used == buffer.length) {
            out.write(buffer, 0, used);
            used = 0;
        }
        buffer[used++] = (byte) b;
    }

    private void endLine() throws IOException {
        if (afterCr) {
            afterCr = false;
            crlf();
        }
        if (!lineStart) {
            crlf();
        }
    }

    /** Ends the last line, adds the terminating ".CRLF" and sends everything in one flush. */
    void finish() throws IOException {
        endLine();
        put('.');
        put('\r');
        put('\n');
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    /** Does not flush: only {@link #finish()} sends the tail, so the data goes out as few, full segments. */
    @Override
    public void flush() {
    }

    /** Tells a failing socket write apart from a message that cannot be read. */
    static final class SocketWriteException extends IOException {
        private static final long serialVersionUID = 1L;

        SocketWriteException(IOException cause) {
            super(cause);
        }
    }

    private static final class MarkingStream extends OutputStream {
        private final OutputStream out;

        MarkingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new SocketWriteException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new SocketWriteException(e);
            }
        }
    }
}
