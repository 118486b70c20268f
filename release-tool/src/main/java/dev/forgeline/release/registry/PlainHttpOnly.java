package dev.forgeline.release.registry;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context of a client that speaks plain http only (a loopback registry): it trusts no certificate at all, so
 * that the JDK's HttpClient need not load the default trust store (about a third of a second of a process's start)
 * for a context it never uses, and a TLS connection that somehow came about could never succeed.
 */
final class PlainHttpOnly {
    static final SSLContext CONTEXT = refusingEverything();

    private PlainHttpOnly() {}

    private static SSLContext refusingEverything() {
        X509TrustManager none = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("plain http only: no certificate is trusted");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("plain http only: no certificate is trusted");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {none}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }
}
