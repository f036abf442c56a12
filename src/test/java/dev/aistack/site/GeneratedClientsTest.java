package dev.aistack.site;

import dev.aistack.support.FakeOllama;
import dev.aistack.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a client generator makes of the served /openapi.json: openapi-generator 7.25.0's Java client (native
 * library) and TypeScript client (typescript-fetch) both compile, and the Java one, pointed nowhere but at the
 * spec's own servers entry, makes an admin call and then chat, models and task status calls on the gateway.
 */
class GeneratedClientsTest {
    private static final Path BASE = Path.of(System.getProperty("aistack.basedir", "."));
    private static final Path OUT = BASE.resolve("target/clients");
    private static final String ADMIN = "admin-token-0123456789";
    private static FakeOllama ollama;
    private static RunningGateway gw;
    private static ClassLoader javaClient;

    @BeforeAll
    static void generate() throws Exception {
        Path generator = BASE.resolve("target/tools/openapi-generator-cli.jar");
        if (!Files.exists(generator)) {
            fail(generator + " is missing: mvn copies it in generate-test-resources");
        }
        if (!Files.exists(BASE.resolve("src/test/browser/node_modules/.bin/tsc"))) {
            fail("typescript is not installed: run bin/test (or npm ci in src/test/browser)");
        }
        ollama = FakeOllama.start();
        gw = RunningGateway.inFrontOf(ollama.url(), "AISTACK_ADMIN_TOKEN", ADMIN,
                "AISTACK_KEY_PEPPER", "pepper-0123456789abcdef");
        deleteTree(OUT);
        Files.createDirectories(OUT);
        Path spec = OUT.resolve("aistack.json");
        HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofFile(spec));
        assertEquals(200, r.statusCode());

        Process java = run(BASE, javaBin(), "-jar", generator.toString(), "generate", "-g", "java", "--library", "native",
                "-i", spec.toString(), "-o", OUT.resolve("java").toString(),
                "--api-package", "dev.aistack.client.api", "--model-package", "dev.aistack.client.model",
                "--invoker-package", "dev.aistack.client", "--additional-properties",
                "openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true,serializationLibrary=jackson");
        Process ts = run(BASE, javaBin(), "-jar", generator.toString(), "generate", "-g", "typescript-fetch",
                "-i", spec.toString(), "-o", OUT.resolve("ts").toString(), "--additional-properties", "supportsES6=true");
        awaitSuccess(java, "the Java client generation");
        awaitSuccess(ts, "the TypeScript client generation");
        javaClient = compileJava(OUT.resolve("java/src/main/java"), OUT.resolve("java-classes"));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void theJavaClientCompilesAndCallsTheGatewayItsSpecNamed() throws Exception {
        Object client = javaClient.loadClass("dev.aistack.client.ApiClient").getConstructor().newInstance();
        assertEquals(gw.url(), invoke(client, "getBaseUri"), "the spec's servers entry is this gateway");

        // admin: create a key
        Object admin = api("AdminApi", client);
        Object fields = fromJson(client, "dev.aistack.client.model.ApiKeyFields", "{\"name\":\"generated-client\"}");
        Object created = invoke(admin, "createKey", fields, null, Map.of("Authorization", "Bearer " + ADMIN));
        String key = (String) invoke(created, "getKey");
        assertTrue(key.startsWith("ask-"), key);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + key);

        // models
        Object models = invoke(api("ModelsApi", client), "listModels", null, auth);
        List<?> data = (List<?>) invoke(models, "getData");
        assertEquals("llama3.2:1b", invoke(data.get(0), "getId"));

        // chat, with a task id
        Object request = fromJson(client, "dev.aistack.client.model.ChatCompletionRequest",
                "{\"model\":\"llama3.2:1b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Object completion = invoke(api("ChatApi", client), "createChatCompletion", request, null, "gen-client-1", auth);
        Object choice = ((List<?>) invoke(completion, "getChoices")).get(0);
        assertEquals("Hello there", String.valueOf(invoke(invoke(choice, "getMessage"), "getContent")));

        // task status
        Object tasks = api("TasksApi", client);
        Object status = null;
        for (int i = 0; i < 50; i++) { // the status is written off the request path: bounded wait
            status = invoke(tasks, "getTaskStatus", "gen-client-1", null, auth);
            if (String.valueOf(invoke(status, "getState")).equals("SUCCESS")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("SUCCESS", String.valueOf(invoke(status, "getState")));
    }

    @Test
    void theTypeScriptClientCompilesUnderStrictMode() throws Exception {
        Path ts = OUT.resolve("ts");
        Files.writeString(ts.resolve("tsconfig.json"), """
                {"compilerOptions": {"target": "ES2020", "module": "ES2020", "moduleResolution": "node",
                  "lib": ["ES2020", "DOM"], "strict": true, "noEmit": true, "skipLibCheck": true},
                 "include": ["**/*.ts"]}
                """);
        Process tsc = run(ts, BASE.resolve("src/test/browser/node_modules/.bin/tsc").toString(), "-p", ".");
        awaitSuccess(tsc, "tsc on the TypeScript client");
        assertTrue(Files.exists(ts.resolve("apis/ChatApi.ts")));
    }

    // ---- helpers: processes, compiling, reflection on the generated classes ----

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process run(Path dir, String... command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    private static void awaitSuccess(Process p, String what) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(what + " did not end within 3 minutes");
        }
        reader.join();
        assertEquals(0, p.exitValue(), () -> what + " failed:\n" + output.toString(StandardCharsets.UTF_8));
    }

    private static ClassLoader compileJava(Path sources, Path classes) throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(Arrays.asList("-nowarn", "-proc:none", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        args.addAll(files);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = compiler.run(null, null, errors, args.toArray(String[]::new));
        assertEquals(0, rc, () -> "the generated Java client does not compile:\n" + errors);
        return new URLClassLoader(new URL[]{classes.toUri().toURL()}, GeneratedClientsTest.class.getClassLoader());
    }

    private static Object api(String name, Object client) throws Exception {
        return javaClient.loadClass("dev.aistack.client.api." + name).getConstructor(client.getClass())
                .newInstance(client);
    }

    private static Object fromJson(Object client, String type, String json) throws Exception {
        Object mapper = invoke(client, "getObjectMapper");
        return mapper.getClass().getMethod("readValue", String.class, Class.class)
                .invoke(mapper, json, javaClient.loadClass(type));
    }

    /** Calls the public method of that name and arity (the generated APIs overload by arity only). */
    private static Object invoke(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + "/" + args.length);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
