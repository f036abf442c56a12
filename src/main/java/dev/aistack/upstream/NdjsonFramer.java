package dev.aistack.upstream;

import java.io.InputStream;

/** Newline-delimited JSON (Ollama's native streams): each event is one line, ending with "\n". */
public final class NdjsonFramer extends Framer {
    public NdjsonFramer(InputStream in) {
        super(in);
    }

    @Override
    protected int boundary(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Ollama's own in-stream error form is a line with an "error" field; the envelope has one. */
    @Override
    public byte[] errorEvent(byte[] envelopeJson) {
        return concat(new byte[0], envelopeJson, "\n");
    }

    @Override
    protected int lookBehind() {
        return 0;
    }
}
