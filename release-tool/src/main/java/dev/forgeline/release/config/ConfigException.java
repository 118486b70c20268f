package dev.forgeline.release.config;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;

/** release.yaml is wrong; the message starts with {@code file:line:column} and names the field. */
public class ConfigException extends ForgelineException {
    public ConfigException(String message, String hint, Throwable cause) {
        super(ExitCode.USAGE, message, hint, cause);
    }
}
