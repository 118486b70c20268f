package dev.forgeline.release.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** RFC 6962 / RFC 9162 section 2.1.3.2: does an inclusion proof lead from a log entry to a tree's root hash. */
final class MerkleInclusion {
    private MerkleInclusion() {}

    static byte[] leafHash(byte[] entry) {
        return hash(new byte[] {0}, entry, new byte[0]);
    }

    static boolean verify(byte[] entry, long index, long treeSize, List<byte[]> path, byte[] rootHash) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash(entry);
        for (byte[] p : path) {
            if (sn == 0 || p.length != 32) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hash(new byte[] {1}, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = hash(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    private static byte[] hash(byte[] prefix, byte[] a, byte[] b) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prefix);
            sha256.update(a);
            sha256.update(b);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
