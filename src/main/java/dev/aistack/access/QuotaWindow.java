package dev.aistack.access;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** The calendar windows of token quotas, in AISTACK_QUOTA_TIME_ZONE: day from 00:00, week from Monday, month from the 1st. */
enum QuotaWindow {
    DAY("day"), WEEK("week"), MONTH("month");

    final String label;

    QuotaWindow(String label) {
        this.label = label;
    }

    LocalDate start(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> today;
            case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> today.withDayOfMonth(1);
        };
    }

    Instant end(Instant now, ZoneId zone) {
        LocalDate start = start(now, zone);
        LocalDate next = switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
        return next.atStartOfDay(zone).toInstant();
    }

    Duration remaining(Instant now, ZoneId zone) {
        return Duration.between(now, end(now, zone));
    }
}
