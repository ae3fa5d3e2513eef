package dev.mtasts.core.smtp;

import java.io.IOException;
import java.io.OutputStream;

/** A message to send: writes its headers and body (any line endings; the client sends CRLF and stuffs dots). */
@FunctionalInterface
public interface SmtpMessage {
    void writeTo(OutputStream out) throws IOException;
}
