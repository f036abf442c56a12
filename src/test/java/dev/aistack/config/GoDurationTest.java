package dev.aistack.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoDurationTest {
    @Test
    void parsesTheUnitsOllamaAccepts() {
        assertEquals(Optional.of(30_000_000_000L), GoDuration.parseNanos("30s"));
        assertEquals(Optional.of(300_000_000_000L), GoDuration.parseNanos("5m"));
        assertEquals(Optional.of(5_400_000_000_000L), GoDuration.parseNanos("1h30m"));
        assertEquals(Optional.of(500_000_000L), GoDuration.parseNanos("500ms"));
        assertEquals(Optional.of(1_500_000_000L), GoDuration.parseNanos("1.5s"));
        assertEquals(Optional.of(0L), GoDuration.parseNanos("0"));
        assertEquals(Optional.of(-60_000_000_000L), GoDuration.parseNanos("-1m"));
    }

    @Test
    void refusesWhatGoRefuses() {
        assertEquals(Optional.empty(), GoDuration.parseNanos("300"));
        assertEquals(Optional.empty(), GoDuration.parseNanos("abc"));
        assertEquals(Optional.empty(), GoDuration.parseNanos(""));
        assertEquals(Optional.empty(), GoDuration.parseNanos("5 m"));
        assertEquals(Optional.empty(), GoDuration.parseNanos("1d"));
        assertEquals(Optional.empty(), GoDuration.parseNanos("-"));
    }
}
