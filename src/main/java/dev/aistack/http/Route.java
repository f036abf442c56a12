package dev.aistack.http;

/** One registered route: upper-case method and the path template in OpenAPI syntax ({@code /v1/models/{model}}). */
public record Route(String method, String path) {
    @Override
    public String toString() {
        return method + " " + path;
    }
}
