package dev.aistack.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Marks each write to the client as in progress, so the connection sweep can tell a client that accepts no bytes
 * (its write blocked past the idle timeout: cut) from a backend that is slow to send them (no write in progress:
 * never cut, however long the model thinks).
 */
final class StallGuard extends OutputStream {
    private final OutputStream out;
    private final ClientLink link;

    StallGuard(OutputStream out, ClientLink link) {
        this.out = out;
        this.link = link;
    }

    @Override
    public void write(int b) throws IOException {
        link.writing(true);
        try {
            out.write(b);
        } finally {
            link.writing(false);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        link.writing(true);
        try {
            out.write(b, off, len);
        } finally {
            link.writing(false);
        }
    }

    @Override
    public void flush() throws IOException {
        link.writing(true);
        try {
            out.flush();
        } finally {
            link.writing(false);
        }
    }

    @Override
    public void close() throws IOException {
        link.writing(true);
        try {
            out.close();
        } finally {
            link.writing(false);
        }
    }
}
