package io.github.sdwatchdog.instrument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The names closest to a misspelt one, by edit distance, for a message a person can act on (agent and {@code check}). */
public final class NearestNames {
    private static final int MAX = 3;

    public static List<String> of(String wanted, Collection<String> names) {
        List<String> nearest = new ArrayList<>();
        List<Integer> distances = new ArrayList<>();
        for (String name : names) {
            int distance = distance(wanted.toLowerCase(), name.toLowerCase());
            int at = 0;
            while (at < distances.size() && distances.get(at) <= distance) {
                at++;
            }
            if (at < MAX) {
                nearest.add(at, name);
                distances.add(at, distance);
                if (nearest.size() > MAX) {
                    nearest.remove(MAX);
                    distances.remove(MAX);
                }
            }
        }
        return nearest;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private NearestNames() {
    }
}
