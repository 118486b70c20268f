package dev.forgeline.release.testing.sigstore;

import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in log's tree: RFC 6962 section 2.1 hashing (leaf {@code SHA-256(0x00 || entry)}, node
 * {@code SHA-256(0x01 || left || right)}), the tree head of the first n leaves and the audit path of a leaf, computed
 * as the RFC defines them (recursively over the largest power of two below n). Small trees only: test logs.
 */
final class MerkleTree {
    private final List<byte[]> leaves = new ArrayList<>();

    static byte[] leafHash(byte[] entry) {
        return StandInKeys.sha256(new byte[] {0}, entry);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return StandInKeys.sha256(new byte[] {1}, left, right);
    }

    synchronized int append(byte[] entry) {
        leaves.add(leafHash(entry));
        return leaves.size() - 1;
    }

    synchronized int indexOf(byte[] leafHash) {
        for (int i = 0; i < leaves.size(); i++) {
            if (java.util.Arrays.equals(leaves.get(i), leafHash)) {
                return i;
            }
        }
        return -1;
    }

    synchronized int size() {
        return leaves.size();
    }

    /** MTH(D[0:n]). */
    synchronized byte[] root(int n) {
        return hash(0, n);
    }

    /** PATH(m, D[0:n]), leaf to root. */
    synchronized List<byte[]> path(int m, int n) {
        List<byte[]> path = new ArrayList<>();
        path(m, 0, n, path);
        return path;
    }

    private byte[] hash(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return StandInKeys.sha256();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(hash(from, from + k), hash(from + k, to));
    }

    private void path(int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(hash(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(hash(from, from + k));
        }
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }
}
