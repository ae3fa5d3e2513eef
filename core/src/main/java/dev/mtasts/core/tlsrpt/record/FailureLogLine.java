package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonGenerator;

/** One JSON line of the {@link FailureLog}: it knows its UTC day (the file) and how to write itself. */
interface FailureLogLine {
    /** The UTC day whose file this line belongs in. */
    LocalDate day();

    /** Writes the line as one JSON object (no newline). Called on the log's writer thread. */
    void write(JsonGenerator json) throws IOException;
}
