package dev.aistack.contract;

import com.networknt.schema.Schema;
import com.networknt.schema.i18n.MessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * json-schema-validator's English messages, read from its own jar. wiremock-standalone bundles an older
 * {@code jsv-messages.properties} whose placeholders no longer match the arguments ("{2} expected"), and it comes
 * first on the test class path, so the library's default lookup would pick the stale copy.
 */
final class ValidatorMessages implements MessageSource {
    private final Properties messages = new Properties();

    ValidatorMessages() {
        try {
            URI library = Schema.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            URI bundle = library.getPath().endsWith(".jar")
                    ? URI.create("jar:" + library + "!/jsv-messages.properties")
                    : library.resolve("jsv-messages.properties");
            try (InputStream in = bundle.toURL().openStream()) {
                messages.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read json-schema-validator's messages", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getMessage(String key, Supplier<String> defaultMessage, Locale locale, Object... args) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            return defaultMessage != null ? defaultMessage.get() : key;
        }
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }
}
