# Build with Maven on JDK 21, run on a JRE 21 as a non-root user.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY openapi ./openapi
COPY errors ./errors
COPY docs-site ./docs-site
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home aistack
WORKDIR /app
COPY --from=build /src/target/aistack.jar /app/aistack.jar
COPY --from=build /src/target/libs /app/libs
USER aistack
ENV AISTACK_HOST=0.0.0.0 \
    AISTACK_PORT=11535 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
EXPOSE 11535
ENTRYPOINT ["java", "-jar", "/app/aistack.jar"]
