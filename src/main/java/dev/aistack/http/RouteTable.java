package dev.aistack.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The services and the paths they are mounted at. It registers them on the server and, from the very same
 * registration calls, knows every route: the route-coverage gate compares that set with the spec, the metrics
 * label requests with the route template, and unmatched requests get 404 or 405 from it.
 */
public final class RouteTable {
    /**
     * A service and the path its routes are relative to. An API mount (usually a generated OpenAPI interface) is
     * seen route by route; a static mount (pages, bundles: Helidon's static content) serves files under its path
     * and is registered as it is, outside the API's routes.
     */
    public record Mount(String path, HttpService service, boolean api) {
        public Mount(String path, HttpService service) {
            this(path, service, true);
        }

        public static Mount staticContent(String path, HttpService service) {
            return new Mount(path, service, false);
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "head", "options", "trace",
            "patch");

    private final List<Mount> mounts;
    private final Set<Route> routes;
    // Routes whose last parameter takes the rest of the path ({+path}): a fallback, not an owner of paths.
    private final Set<Route> restRoutes;

    public RouteTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
        Set<Route> found = new LinkedHashSet<>();
        Set<Route> rest = new LinkedHashSet<>();
        for (Mount m : this.mounts) {
            if (m.api()) {
                m.service().routing(intercept(null, m.path(), found, rest));
            }
        }
        this.routes = Collections.unmodifiableSet(found);
        this.restRoutes = Collections.unmodifiableSet(rest);
    }

    public Set<Route> routes() {
        return routes;
    }

    /** Registers every mount; each handler first tags the request with its route template (for metrics, logs). */
    public void registerOn(HttpRouting.Builder routing) {
        for (Mount m : mounts) {
            if (!m.api()) {
                routing.register(m.path(), m.service());
                continue;
            }
            routing.register(m.path(), rules -> m.service().routing(intercept(rules, m.path(), new LinkedHashSet<>(),
                    new LinkedHashSet<>())));
        }
    }

    /**
     * A proxy over the real rules: route calls are recorded and their handlers wrapped; anything else fails loudly,
     * so no service can register a route this table does not see.
     */
    private static HttpRules intercept(HttpRules target, String mount, Set<Route> sink, Set<Route> restSink) {
        return (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(), new Class<?>[]{HttpRules.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (!METHODS.contains(name) || args == null || args.length != 2 || !(args[0] instanceof String p)
                            || !(args[1] instanceof Handler[] handlers)) {
                        throw new UnsupportedOperationException("RouteTable does not support HttpRules." + name
                                + "; register routes as rules.get(path, handler) and friends");
                    }
                    // Helidon's {+name} (rest of the path) is OpenAPI's {name}: the route table speaks the spec's syntax.
                    Route route = new Route(name.toUpperCase(Locale.ROOT), join(mount, p).replace("{+", "{"));
                    sink.add(route);
                    if (p.contains("{+")) {
                        restSink.add(route);
                    }
                    if (target == null) {
                        return proxy;
                    }
                    Handler[] tagged = new Handler[handlers.length];
                    for (int i = 0; i < handlers.length; i++) {
                        Handler h = handlers[i];
                        tagged[i] = (req, res) -> {
                            RequestInfo.of(req).route(route.path());
                            h.handle(req, res);
                        };
                    }
                    try {
                        method.invoke(target, p, tagged);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return proxy;
                });
    }

    static String join(String mount, String path) {
        String m = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
        if (path.equals("/") || path.isEmpty()) {
            return m.isEmpty() ? "/" : m;
        }
        return m + (path.startsWith("/") ? path : "/" + path);
    }

    /** Paths under which a static mount serves files (their requests are not API routes). */
    public List<String> staticPaths() {
        return mounts.stream().filter(m -> !m.api()).map(Mount::path).toList();
    }

    /** Methods allowed on a concrete request path by its own routes (not by a catch-all), empty when none. */
    public Set<String> methodsFor(String requestPath) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!restRoutes.contains(r) && matches(r.path(), requestPath)) {
                allowed.add(r.method());
            }
        }
        return allowed;
    }

    private static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean param = t[i].startsWith("{") && t[i].endsWith("}");
            if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }
}
