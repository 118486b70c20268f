package dev.forgeline.gateway.transport;

import com.sun.net.httpserver.Headers;
import java.util.AbstractCollection;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * {@link Headers} with the JDK's semantics (names normalised to {@code Content-type} form, values
 * refused when they hold a CR or LF that is not a folding, lists per name) and none of its cost per
 * request: the JDK's version copies every name it is given into a new normalised String (each
 * lookup too) and keeps a HashMap of LinkedLists. Here the few names of a request sit in arrays in
 * their order of arrival and are found by comparing the asked name with them the way normalising it
 * would, without copying; names read off the wire that the gateway knows take a shared constant.
 * Keeps every {@code Headers} method (views included) working on its own storage; the superclass's
 * map stays empty. Two deliberate differences from JDK 17: a null name is refused (NullPointerException)
 * rather than kept, and {@link #putAll} normalises its names as later JDKs do.
 */
final class HeaderMap extends Headers {
    /** Normalised header names a request often carries, by length: taken instead of a new String per request. */
    private static final String[][] KNOWN = byLength("Host", "Accept", "Content-type", "Content-length", "Connection",
            "User-agent", "Origin", "Mcp-method", "Mcp-name", "Mcp-protocol-version", "Mcp-session-id",
            "Transfer-encoding", "Expect", "Accept-encoding", "Accept-language", "Authorization", "Last-event-id",
            "Cache-control", "Pragma", "Upgrade", "Te", "Referer", "Cookie", "Content-encoding", "Sec-fetch-mode",
            "Sec-fetch-site", "Sec-fetch-dest", "Priority", "Date", "Server", "Allow");

    private String[] names = new String[8];
    @SuppressWarnings("unchecked")
    private List<String>[] lists = new List[8];
    private int size;

    /** Names as the gateway's code spells them, normalised once: a response's headers are all new names. */
    private static final Map<String, String> SPELLINGS = spellings("Content-Type", "Content-Length", "Connection",
            "Mcp-Session-Id", "MCP-Protocol-Version", "Allow", "Cache-Control", "Date", "X-Forgeline-Native",
            "X-Accel-Buffering", "Retry-After", "WWW-Authenticate");

    private static Map<String, String> spellings(String... names) {
        Map<String, String> map = new HashMap<>();
        for (String n : names) {
            map.put(n, normalizeSlow(n));
        }
        return Map.copyOf(map);
    }

    /** The JDK's normalisation: the first character upper case, the others lower case (ASCII letters only). */
    static String normalize(String key) {
        String known = SPELLINGS.get(Objects.requireNonNull(key));
        return known != null ? known : normalizeSlow(key);
    }

    private static String normalizeSlow(String key) {
        int len = key.length();
        if (len == 0) {
            return key;
        }
        boolean same = true;
        for (int i = 0; i < len && same; i++) {
            char c = key.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("illegal character in key");
            }
            same = normalizedAt(i, c) == c;
        }
        if (same) {
            return key;
        }
        char[] b = new char[len];
        for (int i = 0; i < len; i++) {
            char c = key.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("illegal character in key");
            }
            b[i] = normalizedAt(i, c);
        }
        return new String(b);
    }

    /**
     * The normalised name of a header name read off the wire ({@code bytes[from, to)}, a token, so ASCII): a
     * shared constant when it is a known one.
     */
    static String wireName(byte[] bytes, int from, int to) {
        int len = to - from;
        if (len < KNOWN.length) {
            for (String known : KNOWN[len]) {
                if (sameNormalized(known, bytes, from)) {
                    return known;
                }
            }
        }
        char[] b = new char[len];
        for (int i = 0; i < len; i++) {
            b[i] = normalizedAt(i, (char) (bytes[from + i] & 0xff));
        }
        return new String(b);
    }

    /** Whether the bytes from {@code from} normalise to {@code normalized} (of the same length). */
    private static boolean sameNormalized(String normalized, byte[] bytes, int from) {
        for (int i = 0; i < normalized.length(); i++) {
            if (normalizedAt(i, (char) (bytes[from + i] & 0xff)) != normalized.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The character at position {@code i} of a normalised name: the first upper case, the others lower (ASCII). */
    private static char normalizedAt(int i, char c) {
        if (i == 0) {
            return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** The index of the name {@code key} normalises to, or -1; as the JDK, a key with CR or LF is refused. */
    private int indexOf(Object key) {
        String k = (String) Objects.requireNonNull(key);
        int len = k.length();
        for (int n = 0; n < size; n++) {
            String name = names[n];
            if (name.length() == len && matches(name, k)) {
                return n;
            }
        }
        if (k.indexOf('\r') >= 0 || k.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("illegal character in key");
        }
        return -1;
    }

    /** {@link #indexOf} for a name normalised already (so one without CR or LF). */
    private int indexOfNormalized(String name) {
        for (int n = 0; n < size; n++) {
            if (names[n] == name || names[n].equals(name)) {
                return n;
            }
        }
        return -1;
    }

    private static boolean matches(String normalized, String key) {
        if (normalized == key) {
            return true;
        }
        for (int i = 0; i < normalized.length(); i++) {
            if (normalizedAt(i, key.charAt(i)) != normalized.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Values that passed {@link #checkValue} lately, by identity: a filter sets the same String on every response
     * (the native identity, a media type), and a String never changes, so the same instance needs no second look.
     */
    private static final String[] CHECKED = new String[4];

    /** As the JDK: a CR is allowed only as part of a folding (CR LF, then a space or tab), an LF never alone. */
    static void checkValue(String value) {
        int slot = value.hashCode() & (CHECKED.length - 1);
        if (CHECKED[slot] == value) {
            return;
        }
        checkChars(value);
        CHECKED[slot] = value;
    }

    private static void checkChars(String value) {
        int len = value.length();
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c == '\r') {
                if (i >= len - 2) {
                    throw new IllegalArgumentException("Illegal CR found in header");
                }
                char c1 = value.charAt(i + 1);
                char c2 = value.charAt(i + 2);
                if (c1 != '\n') {
                    throw new IllegalArgumentException("Illegal char found after CR in header");
                }
                if (c2 != ' ' && c2 != '\t') {
                    throw new IllegalArgumentException("No whitespace found after CRLF in header");
                }
                i += 2;
            } else if (c == '\n') {
                throw new IllegalArgumentException("Illegal LF found in header");
            }
        }
    }

    /**
     * From the request parser: {@code name} is normalised already and {@code value} holds no CR or LF, so
     * neither is checked again.
     */
    void addParsed(String name, String value) {
        int n = indexOfNormalized(name);
        if (n < 0) {
            List<String> list = new ArrayList<>(2);
            list.add(value);
            append(name, list);
        } else {
            lists[n].add(value);
        }
    }

    private void append(String normalizedName, List<String> list) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            lists = Arrays.copyOf(lists, size * 2);
        }
        names[size] = normalizedName;
        lists[size] = list;
        size++;
    }

    private List<String> removeAt(int n) {
        List<String> old = lists[n];
        System.arraycopy(names, n + 1, names, n, size - n - 1);
        System.arraycopy(lists, n + 1, lists, n, size - n - 1);
        size--;
        names[size] = null;
        lists[size] = null;
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (int n = 0; n < size; n++) {
            if (Objects.equals(lists[n], value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> get(Object key) {
        int n = indexOf(key);
        return n < 0 ? null : lists[n];
    }

    @Override
    public String getFirst(String key) {
        int n = indexOf(key);
        if (n < 0 || lists[n] == null || lists[n].isEmpty()) {
            return null;
        }
        return lists[n].get(0);
    }

    @Override
    public List<String> put(String key, List<String> value) {
        for (String v : value) {
            checkValue(v);
        }
        int n = indexOf(key);
        if (n < 0) {
            append(normalize(key), value);
            return null;
        }
        List<String> old = lists[n];
        lists[n] = value;
        return old;
    }

    @Override
    public void add(String key, String value) {
        checkValue(value);
        int n = indexOf(key);
        if (n < 0) {
            List<String> list = new ArrayList<>(2);
            list.add(value);
            append(normalize(key), list);
        } else {
            lists[n].add(value);
        }
    }

    @Override
    public void set(String key, String value) {
        List<String> list = new ArrayList<>(1);
        list.add(value);
        put(key, list);
    }

    @Override
    public List<String> remove(Object key) {
        int n = indexOf(key);
        return n < 0 ? null : removeAt(n);
    }

    @Override
    public void putAll(Map<? extends String, ? extends List<String>> t) {
        t.forEach(this::put);
    }

    @Override
    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(lists, 0, size, null);
        size = 0;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                Iterator<Map.Entry<String, List<String>>> entries = entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public String next() {
                        return entries.next().getKey();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public boolean remove(Object o) {
                return o instanceof String && HeaderMap.this.remove(o) != null;
            }
        };
    }

    @Override
    public Collection<List<String>> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<List<String>> iterator() {
                Iterator<Map.Entry<String, List<String>>> entries = entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public List<String> next() {
                        return entries.next().getValue();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, List<String>>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, List<String>> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new Entry(names[last]);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** An entry that reads and writes through to the map by its name. */
    private final class Entry implements Map.Entry<String, List<String>> {
        private final String name;

        Entry(String name) {
            this.name = name;
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public List<String> getValue() {
            return get(name);
        }

        @Override
        public List<String> setValue(List<String> value) {
            return put(name, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && name.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ Objects.hashCode(getValue());
        }
    }

    private Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new HashMap<>();
        for (int n = 0; n < size; n++) {
            map.put(names[n], lists[n]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || asMap().equals(o);
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private static String[][] byLength(String... names) {
        int max = 0;
        for (String n : names) {
            max = Math.max(max, n.length());
        }
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String n : names) {
            if (!normalizeSlow(n).equals(n)) {
                throw new IllegalStateException("not normalised: " + n);
            }
            buckets.get(n.length()).add(n);
        }
        String[][] out = new String[max + 1][];
        for (int i = 0; i <= max; i++) {
            out[i] = buckets.get(i).toArray(String[]::new);
        }
        return out;
    }
}
