package dev.forgeline.release.check;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Bounds-checked reads of little- or big-endian integers and C strings from a byte array. */
final class ByteReader {
    private final byte[] data;
    private final ByteOrder order;

    ByteReader(byte[] data, ByteOrder order) {
        this.data = data;
        this.order = order;
    }

    int length() {
        return data.length;
    }

    ByteOrder order() {
        return order;
    }

    ByteReader withOrder(ByteOrder newOrder) {
        return new ByteReader(data, newOrder);
    }

    void require(long offset, long size, String what) throws BinaryFormatException {
        if (offset < 0 || size < 0 || offset + size > data.length) {
            throw new BinaryFormatException("truncated: " + what + " at offset " + offset + " (+" + size
                    + " bytes) lies beyond the end of the file (" + data.length + " bytes)");
        }
    }

    int u8(long offset, String what) throws BinaryFormatException {
        require(offset, 1, what);
        return data[(int) offset] & 0xff;
    }

    int u16(long offset, String what) throws BinaryFormatException {
        require(offset, 2, what);
        int o = (int) offset;
        int b0 = data[o] & 0xff;
        int b1 = data[o + 1] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    long u32(long offset, String what) throws BinaryFormatException {
        require(offset, 4, what);
        int o = (int) offset;
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = data[o + (order == ByteOrder.LITTLE_ENDIAN ? i : 3 - i)] & 0xff;
            v |= (long) b << (8 * i);
        }
        return v;
    }

    /** A u32 for magic sniffing; the caller has checked the length. */
    long u32Unchecked(long offset) {
        try {
            return u32(offset, "magic");
        } catch (BinaryFormatException e) {
            return -1;
        }
    }

    long u64(long offset, String what) throws BinaryFormatException {
        require(offset, 8, what);
        int o = (int) offset;
        long v = 0;
        for (int i = 0; i < 8; i++) {
            long b = data[o + (order == ByteOrder.LITTLE_ENDIAN ? i : 7 - i)] & 0xffL;
            v |= b << (8 * i);
        }
        if (v < 0) {
            throw new BinaryFormatException(what + " at offset " + offset + " is out of range");
        }
        return v;
    }

    /** A NUL-terminated string starting at {@code offset}, not reading past {@code limit}. */
    String cString(long offset, long limit, String what) throws BinaryFormatException {
        long end = Math.min(limit, data.length);
        if (offset < 0 || offset >= end) {
            throw new BinaryFormatException(what + ": string offset " + offset + " is outside its table");
        }
        int o = (int) offset;
        int i = o;
        while (i < end && data[i] != 0) {
            i++;
        }
        if (i >= end) {
            throw new BinaryFormatException(what + ": unterminated string at offset " + offset);
        }
        return new String(data, o, i - o, StandardCharsets.ISO_8859_1);
    }
}
