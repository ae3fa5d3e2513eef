package dev.mtasts.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Every log line written in this JVM while attached (at the levels logback-test.xml lets through), as
 * {@code LEVEL logger - message}. Safe for concurrent appends (James logs from many threads).
 */
final class CapturedLog implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage());
        }
    };

    private CapturedLog(Logger root) {
        this.root = root;
    }

    static CapturedLog attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CapturedLog log = new CapturedLog(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        log.appender.setContext(context);
        log.appender.setName("captured-by-james-harness");
        log.appender.start();
        log.root.addAppender(log.appender);
        return log;
    }

    /** The lines captured so far, oldest first. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
