package dev.vigil.core.incident;

/** Shell-style globs: {@code *} matches any run of characters (slashes included), {@code ?} exactly one. */
public final class Glob {

    private Glob() {
    }

    public static boolean matches(String pattern, String s) {
        if (pattern == null || s == null) {
            return false;
        }
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
