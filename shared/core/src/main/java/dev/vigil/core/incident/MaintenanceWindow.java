package dev.vigil.core.incident;

import dev.vigil.core.config.ConfigTree;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A recurring window in UTC during which matching signals are muted, e.g. Sundays 02:00–04:00 for database patching.
 * A window whose end is before its start runs past midnight (22:00–02:00); its day is the day it starts.
 *
 * <pre>
 * maintenance:
 *   - name: rds-patching
 *     match: {resource: "rds:*"}
 *     days: [SUN]
 *     start: "02:00"
 *     end: "04:00"
 * </pre>
 */
public record MaintenanceWindow(String name, Matcher matcher, Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public static MaintenanceWindow from(ConfigTree t) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : t.get("days").stringList()) {
            days.add(day(d, t.get("days").path()));
        }
        if (days.isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        return new MaintenanceWindow(t.get("name").requireString(), Matcher.from(t.get("match")), days,
                time(t.get("start")), time(t.get("end")));
    }

    private static LocalTime time(ConfigTree t) {
        try {
            return LocalTime.parse(t.requireString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(t.path() + " must be HH:MM (UTC), was " + t.string(""), e);
        }
    }

    private static DayOfWeek day(String d, String path) {
        String u = d.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().startsWith(u) && u.length() >= 3) {
                return w;
            }
        }
        throw new IllegalArgumentException(path + ": unknown day '" + d + "' (MON..SUN)");
    }

    public boolean activeAt(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        LocalTime now = t.toLocalTime();
        if (!end.isBefore(start)) {
            return days.contains(t.getDayOfWeek()) && !now.isBefore(start) && now.isBefore(end);
        }
        // Crosses midnight: the part after start belongs to today, the part before end to yesterday's window.
        return (days.contains(t.getDayOfWeek()) && !now.isBefore(start))
                || (days.contains(t.getDayOfWeek().minus(1)) && now.isBefore(end));
    }
}
