package org.rambo.harness.data;

/**
 * The colour facts of a JPEG file's header that decide how libjpeg (and so Pillow) turns its
 * components into pixels: the number of components and, for three, whether they are YCbCr
 * (converted to RGB) or RGB already. Read from the markers before the first scan.
 *
 * @param components 1 (gray), 3, or another count (CMYK, YCCK); 0 when the file is not a JPEG
 * @param ycbcr      for three components: true when libjpeg would convert them from YCbCr, and the
 *                   header says so unambiguously (a JFIF marker, or Adobe's transform flag 1)
 * @param icc        an embedded ICC profile (APP2 ICC_PROFILE): ImageIO would colour-manage the
 *                   pixels into an sRGB destination, Pillow does not
 */
record JpegHeader(int components, boolean ycbcr, boolean icc) {

    static final JpegHeader NOT_JPEG = new JpegHeader(0, false, false);

    /** Parses the markers up to the start of scan; anything unexpected gives NOT_JPEG. */
    static JpegHeader parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return NOT_JPEG;
        }
        boolean jfif = false;
        boolean icc = false;
        int adobeTransform = -1;
        int components = 0;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) {
                return NOT_JPEG;
            }
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image
                break;
            }
            int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            int payload = p + 4;
            int end = p + 2 + len;
            if (len < 2 || end > b.length) {
                return NOT_JPEG;
            }
            if (marker == 0xE0 && len >= 7 && startsWith(b, payload, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xE2 && len >= 14 && startsWith(b, payload, "ICC_PROFILE\0")) {
                icc = true;
            } else if (marker == 0xEE && len >= 14 && startsWith(b, payload, "Adobe")) {
                adobeTransform = b[payload + 11] & 0xff;
            } else if (isStartOfFrame(marker) && len >= 8) {
                components = b[payload + 5] & 0xff;
            }
            p = end;
        }
        if (components == 0) {
            return NOT_JPEG;
        }
        return new JpegHeader(components, components == 3 && (jfif || adobeTransform == 1), icc);
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
