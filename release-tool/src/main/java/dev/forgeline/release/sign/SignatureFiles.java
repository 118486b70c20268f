package dev.forgeline.release.sign;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.io.AtomicFiles;
import dev.forgeline.release.manifest.ReleaseManifest.SignatureRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The signature files of one file, one per signer, next to it; shared by the stages that sign what they write. */
public final class SignatureFiles {
    private SignatureFiles() {}

    /** Signs {@code file} with every signer and writes {@code file.asc}, {@code file.sigstore.json}, ... next to it. */
    public static List<SignatureRecord> write(Path file, String relativeName, FileDigest digest, List<Signer> signers)
            throws IOException {
        List<SignatureRecord> records = new ArrayList<>();
        for (Signer signer : signers) {
            byte[] signature = signer.sign(digest);
            Path target = file.resolveSibling(signer.kind().fileNameFor(file.getFileName().toString()));
            AtomicFiles.writeIfChanged(target, signature);
            records.add(new SignatureRecord(signer.kind().id(), signer.kind().fileNameFor(relativeName),
                    Checksums.sha256(signature), signer.keyId()));
        }
        return records;
    }
}
