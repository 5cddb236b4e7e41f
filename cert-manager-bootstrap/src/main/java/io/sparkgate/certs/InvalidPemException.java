package io.sparkgate.certs;

/** Certificate or key material that cannot be read; the message names its source and what was wrong. */
public final class InvalidPemException extends RuntimeException {
    InvalidPemException(String message, Throwable cause) {
        super(message, cause);
    }
}
