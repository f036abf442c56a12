package dev.aistack.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aistack.support.FakeOllama;
import dev.aistack.support.Http;
import dev.aistack.support.RunningGateway;
import dev.aistack.support.TaskPoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Task status needs a key, and a key sees only its own tasks: another key's task id is 404, not 403. */
class OwnTasksTest {
    private static final String ONE = "/tasks/status/{task_id}";

    private final FakeOllama ollama = FakeOllama.start();
    private final RunningGateway gateway = Keys.managed(ollama.url());

    @AfterEach
    void stop() {
        gateway.close();
        ollama.close();
    }

    @Test
    void aKeySeesItsOwnTaskAndAnotherKeyGets404() throws Exception {
        String alice = Keys.create(gateway, "{\"name\":\"alice\"}").path("key").asText();
        String bob = Keys.create(gateway, "{\"name\":\"bob\"}").path("key").asText();
        assertEquals(200, Keys.chat(gateway, alice, "X-Task-Id", "alice-1").status());
        TaskPoll.finalState(gateway, "alice-1", "x-api-key", alice); // status writes land just after the answer

        assertEquals(200, Http.get(gateway, ONE, "/tasks/status/alice-1", "x-api-key", alice).status());
        Http.Response other = Http.get(gateway, ONE, "/tasks/status/alice-1", "x-api-key", bob);
        assertEquals(404, other.status());
        Http.assertCatalogError(other, "task_not_found");
        assertEquals(401, Http.get(gateway, ONE, "/tasks/status/alice-1").status());
    }

    @Test
    void theListShowsOnlyTheCallersTasks() throws Exception {
        String alice = Keys.create(gateway, "{\"name\":\"alice\"}").path("key").asText();
        String bob = Keys.create(gateway, "{\"name\":\"bob\"}").path("key").asText();
        Keys.chat(gateway, alice, "X-Task-Id", "a-1");
        Keys.chat(gateway, bob, "X-Task-Id", "b-1");
        Keys.chat(gateway, alice, "X-Task-Id", "a-2");
        TaskPoll.finalState(gateway, "a-1", "x-api-key", alice); // status writes land just after the answer
        TaskPoll.finalState(gateway, "b-1", "x-api-key", bob);
        TaskPoll.finalState(gateway, "a-2", "x-api-key", alice);
        JsonNode list = Keys.json(Http.get(gateway, "/tasks/status", "/tasks/status", "x-api-key", alice));
        assertEquals(2, list.path("data").size(), list.toString());
        assertEquals("a-2", list.path("data").get(0).path("task_id").asText());
        assertEquals("a-1", list.path("data").get(1).path("task_id").asText());
    }

    @Test
    void anotherKeyCannotReuseATaskIdThatIsTaken() throws Exception {
        String alice = Keys.create(gateway, "{\"name\":\"alice\"}").path("key").asText();
        String bob = Keys.create(gateway, "{\"name\":\"bob\"}").path("key").asText();
        Keys.chat(gateway, alice, "X-Task-Id", "shared-id");
        TaskPoll.finalState(gateway, "shared-id", "x-api-key", alice);
        Http.Response r = Keys.chat(gateway, bob, "X-Task-Id", "shared-id");
        assertEquals(409, r.status());
        Http.assertCatalogError(r, "task_conflict");
        assertEquals(200, TaskPoll.statusOnceUnlocked(() -> Keys.chat(gateway, alice, "X-Task-Id", "shared-id")));
    }
}
