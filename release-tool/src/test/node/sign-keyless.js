// Signs files keyless with sigstore-js (the `sigstore` package), a real peer, against the given Fulcio and Rekor (the
// tests' stand-ins): a message-signature bundle per file, written to FILE.sigstore.json. The OIDC token comes from the
// environment variable SIGSTORE_ID_TOKEN, never the command line.
// Usage: node sign-keyless.js FULCIO_URL REKOR_URL FILE...
'use strict';
const fs = require('fs');
const { sign } = require('sigstore');

const [fulcioURL, rekorURL, ...files] = process.argv.slice(2);
(async () => {
  for (const file of files) {
    const bundle = await sign(fs.readFileSync(file), {
      fulcioURL, rekorURL, identityToken: process.env.SIGSTORE_ID_TOKEN, timeout: 30000,
    });
    fs.writeFileSync(file + '.sigstore.json', JSON.stringify(bundle, null, 2) + '\n');
    console.log(`SIGNED ${file}`);
  }
})().catch((e) => {
  console.log(`FAIL: ${e.code || ''} ${e.message}${e.cause ? ' (' + e.cause.message + ')' : ''}`);
  process.exit(1);
});
