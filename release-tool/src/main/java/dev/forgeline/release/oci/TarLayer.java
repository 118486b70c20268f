package dev.forgeline.release.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One image layer as an uncompressed tar, made reproducible by construction: entries sorted by path (a parent
 * directory before what it holds), every mtime the same ({@code SOURCE_DATE_EPOCH}), owner 0:0 unless an entry says
 * otherwise, no user or group names, no device numbers, no access times. POSIX ustar headers; a path or link target
 * too long for ustar gets a pax extended header ({@code path=}/{@code linkpath=}) whose own fields are as fixed.
 *
 * <p>Why our own writer: the format is small (512-byte headers), and a general tar library writes what the file
 * system says (times, owners, names) unless every field is overridden; here nothing but what is listed can get in.
 */
public final class TarLayer {
    private static final int BLOCK = 512;

    /** What a layer entry is. */
    public enum Kind { FILE, DIRECTORY, SYMLINK }

    /** One entry: its path inside the image (no leading slash), mode bits, owner, and content or link target. */
    public record Entry(String path, Kind kind, int mode, int uid, int gid, Path source, byte[] content, String linkTarget) {
        public Entry {
            Objects.requireNonNull(path, "path");
            if (path.startsWith("/") || path.isEmpty() || path.contains("//")) {
                throw new IllegalArgumentException("not a relative layer path: " + path);
            }
        }

        long size() throws IOException {
            if (kind != Kind.FILE) {
                return 0;
            }
            return content != null ? content.length : Files.size(source);
        }
    }

    private final long mtime;
    private final TreeMap<String, Entry> entries = new TreeMap<>(TarLayer::compareTarPaths);

    /** @param mtime every entry's modification time, seconds since the epoch (SOURCE_DATE_EPOCH) */
    public TarLayer(long mtime) {
        this.mtime = mtime;
    }

    /** A parent before its children and siblings in byte order: "a", "a/b", "a-b" sorts as "a" "a-b" "a/b" otherwise. */
    static int compareTarPaths(String a, String b) {
        return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
    }

    public TarLayer directory(String path, int mode, int uid, int gid) {
        return add(new Entry(path, Kind.DIRECTORY, mode, uid, gid, null, null, null));
    }

    public TarLayer directory(String path) {
        return directory(path, 0755, 0, 0);
    }

    public TarLayer file(String path, int mode, byte[] content) {
        return add(new Entry(path, Kind.FILE, mode, 0, 0, null, content.clone(), null));
    }

    /** A file whose bytes are read from {@code source} when the layer is written. */
    public TarLayer file(String path, int mode, Path source) {
        return add(new Entry(path, Kind.FILE, mode, 0, 0, source, null, null));
    }

    public TarLayer symlink(String path, String target) {
        return add(new Entry(path, Kind.SYMLINK, 0777, 0, 0, null, null, target));
    }

    /** Adds {@code path} and every missing parent directory (0755, root-owned). */
    private TarLayer add(Entry entry) {
        String path = entry.path();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            entries.putIfAbsent(path.substring(0, slash), new Entry(path.substring(0, slash), Kind.DIRECTORY, 0755, 0, 0,
                    null, null, null));
        }
        entries.put(path, entry);
        return this;
    }

    /**
     * Every file, directory and symbolic link under {@code root}, at its path relative to {@code root} under
     * {@code prefix} ("" for the image's root), with its mode bits (setuid and sticky included), owned by 0:0.
     */
    public TarLayer tree(Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> !p.equals(root)).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path file : files) {
            String path = prefix + root.relativize(file).toString().replace('\\', '/');
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if (Files.isSymbolicLink(file)) {
                symlink(path, Files.readSymbolicLink(file).toString());
            } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                directory(path, mode, 0, 0);
            } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                file(path, mode, file); // a hard link of the .deb becomes a file of its own: same bytes either way
            } else {
                throw new IOException("cannot put " + file + " into an image layer: not a file, directory or symbolic link");
            }
        }
        return this;
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Writes the tar (entries in order, then two zero blocks); the stream is not closed. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (Entry entry : entries.values()) {
            String name = entry.kind() == Kind.DIRECTORY ? entry.path() + "/" : entry.path();
            String link = entry.linkTarget() == null ? "" : entry.linkTarget();
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
            long size = entry.size();
            if (nameBytes.length > 100 || linkBytes.length > 100) {
                writePax(out, name, link, nameBytes.length > 100, linkBytes.length > 100);
            }
            char type = switch (entry.kind()) {
                case FILE -> '0';
                case DIRECTORY -> '5';
                case SYMLINK -> '2';
            };
            out.write(header(truncate(nameBytes), entry.mode(), entry.uid(), entry.gid(), size, type, truncate(linkBytes)));
            if (entry.kind() == Kind.FILE) {
                long written = 0;
                if (entry.content() != null) {
                    out.write(entry.content());
                    written = entry.content().length;
                } else {
                    try (InputStream in = Files.newInputStream(entry.source())) {
                        int read;
                        while ((read = in.read(buffer)) != -1) {
                            out.write(buffer, 0, read);
                            written += read;
                        }
                    }
                }
                if (written != size) {
                    throw new IOException(entry.source() + " changed while it was put into a layer");
                }
                pad(out, written);
            }
        }
        out.write(new byte[2 * BLOCK]);
    }

    private void writePax(OutputStream out, String name, String link, boolean longName, boolean longLink)
            throws IOException {
        StringBuilder records = new StringBuilder();
        if (longName) {
            records.append(paxRecord("path", name));
        }
        if (longLink) {
            records.append(paxRecord("linkpath", link));
        }
        byte[] body = records.toString().getBytes(StandardCharsets.UTF_8);
        // The pax header's own name is fixed, so it carries nothing of the machine (GNU tar uses the PID).
        out.write(header(truncate("PaxHeader".getBytes(StandardCharsets.US_ASCII)), 0644, 0, 0, body.length, 'x',
                new byte[0]));
        out.write(body);
        pad(out, body.length);
    }

    /** "LEN key=value\n" where LEN counts the whole record, its own digits included. */
    static String paxRecord(String key, String value) {
        int payload = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int length = payload + String.valueOf(payload).length();
        if (String.valueOf(length).length() != String.valueOf(payload).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static byte[] truncate(byte[] bytes) {
        return bytes.length <= 100 ? bytes : java.util.Arrays.copyOf(bytes, 100);
    }

    private byte[] header(byte[] name, int mode, int uid, int gid, long size, char type, byte[] link) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        System.arraycopy(link, 0, h, 157, link.length);
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        octal(h, 329, 8, 0); // devmajor
        octal(h, 337, 8, 0); // devminor
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String checksum = String.format("%06o", sum);
        System.arraycopy(checksum.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** {@code value} as zero-padded octal digits and a NUL in the field's {@code width} bytes. */
    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > width - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar header field of " + width + " bytes");
        }
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, offset, width - 1);
        h[offset + width - 1] = 0;
    }

    private static void pad(OutputStream out, long written) throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }
}
