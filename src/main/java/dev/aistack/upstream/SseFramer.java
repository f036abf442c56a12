package dev.aistack.upstream;

import java.io.InputStream;

/** Server-sent events: each event ends with a blank line ("\n\n" or "\r\n\r\n"). */
public final class SseFramer extends Framer {
    public SseFramer(InputStream in) {
        super(in);
    }

    @Override
    protected int boundary(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') {
                return i + 2;
            }
            if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < to && b[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** SSE clients read data events: the envelope goes in one, so SDKs raise it as an API error. */
    @Override
    public byte[] errorEvent(byte[] envelopeJson) {
        return concat("data: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), envelopeJson, "\n\n");
    }

    @Override
    protected int lookBehind() {
        return 2;
    }
}
