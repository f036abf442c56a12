# aistack: build with Maven on JDK 21, run on a JRE 21 as a non-root user.
#   docker build -t aistack .
#   docker run --rm -p 11535:11535 --add-host=host.docker.internal:host-gateway \
#     -e AISTACK_OLLAMA_URL=http://host.docker.internal:11434 aistack
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY openapi ./openapi
COPY errors ./errors
# docs-site is rendered into the /docs pages (src/build/java/RenderSite.java) and packaged into the jar.
COPY docs-site ./docs-site
# The changelog is rendered into /docs/changelog at build time.
COPY CHANGELOG.md ./
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home aistack
WORKDIR /app
# The jar's manifest class path names libs/, next to it.
COPY --from=build /src/target/aistack.jar /app/aistack.jar
COPY --from=build /src/target/libs /app/libs
COPY bin/jvm.options /app/jvm.options
USER aistack
# Listen beyond loopback inside the container; settings: docs-site/configuration.md.
ENV AISTACK_HOST=0.0.0.0 \
    AISTACK_PORT=11535
EXPOSE 11535
# No HEALTHCHECK: the JRE image has no curl. Orchestrators should probe GET /livez and GET /readyz.
# The same JVM flags as bin/run (bin/jvm.options).
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/aistack.jar"]
