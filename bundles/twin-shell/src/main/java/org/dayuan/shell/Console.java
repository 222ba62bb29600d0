package org.dayuan.shell;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.shell.support.CommandException;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.DayuanException;

/** What the commands print the same way: JSON indented, and refusals with their Ditto error code. */
final class Console {
    private Console() {
    }

    static void printJson(JsonNode json) {
        try {
            System.out.println(Http.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a command's work; a refusal becomes Karaf's {@code Error executing command: <code>: <message>}, the code
     * being the one the HTTP API answers, so a script or an operator can tell refusals apart. As a
     * {@link CommandException} it is a user's mistake to Karaf, not logged with a stack trace as a failure.
     */
    static Object run(Callable<Object> work) throws Exception {
        try {
            return work.call();
        } catch (DayuanException e) {
            throw new CommandException(e.errorCode().code() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }
}
