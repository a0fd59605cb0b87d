package org.townalliance.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by each party on this machine (Linux /proc): the platform process, PostgreSQL (all its
 * backends), Keycloak, and this driver. Deltas per request show where a scenario's CPU goes.
 */
final class CpuMeter {

    private static final double TICKS = 100.0; // USER_HZ on Linux

    private final long platformPid;

    CpuMeter(long platformPid) {
        this.platformPid = platformPid;
    }

    /** CPU seconds so far per party. */
    Map<String, Double> snapshot() {
        var result = new LinkedHashMap<String, Double>();
        result.put("platform", 0.0);
        result.put("postgres", 0.0);
        result.put("keycloak", 0.0);
        result.put("driver", 0.0);
        try (var processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    var pid = Long.parseLong(p.getFileName().toString());
                    var cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    var party = pid == platformPid ? "platform" : pid == ProcessHandle.current().pid() ? "driver"
                            : cmdline.contains("postgres") ? "postgres" : cmdline.contains("keycloak") || cmdline.contains("quarkus") ? "keycloak" : null;
                    if (party != null) {
                        var stat = Files.readString(p.resolve("stat"));
                        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // fields[11] = utime, fields[12] = stime (fields 14 and 15 of stat, counted after the command)
                        result.merge(party, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS, Double::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return result;
    }

    /** Milliseconds of CPU per operation between two snapshots. */
    static Map<String, Double> perOperation(Map<String, Double> before, Map<String, Double> after, long operations) {
        var result = new LinkedHashMap<String, Double>();
        after.forEach((party, seconds) -> result.put(party, operations == 0 ? 0 : (seconds - before.getOrDefault(party, 0.0)) * 1000 / operations));
        return result;
    }
}
