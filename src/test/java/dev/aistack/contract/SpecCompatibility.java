package dev.aistack.contract;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The spec stability gate: would a client built from the baseline spec break against the current one?
 * openapi-diff decides (a removed operation, response or media type, a new required request field or parameter,
 * a narrowed request enum, a changed type, a removed required response field, ... are breaking); it compares the
 * {@link Oas30View}s of both files because its 3.1 reading misses changes.
 */
final class SpecCompatibility {
    /** The verdict and openapi-diff's Markdown report of every difference. */
    record Result(boolean incompatible, boolean unchanged, String markdown) {
    }

    private SpecCompatibility() {
    }

    static Result check(Path baseline, Path current) {
        try {
            String before = ContractFiles.YAML.writeValueAsString(Oas30View.of(ContractFiles.read(baseline)));
            String after = ContractFiles.YAML.writeValueAsString(Oas30View.of(ContractFiles.read(current)));
            ChangedOpenApi diff = OpenApiCompare.fromContents(before, after);
            return new Result(diff.isIncompatible(), diff.isUnchanged(), markdown(diff));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String markdown(ChangedOpenApi diff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // render() closes the writer, which flushes it
        new MarkdownRender().render(diff, new OutputStreamWriter(out, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
