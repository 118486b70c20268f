// Interop check: the official MCP TypeScript SDK client against a running Forgeline gateway.
// Usage: node interop.mjs http://127.0.0.1:PORT/mcp
// Prints one JSON summary line on success; exits 1 with the reason on the first failed check.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError, ErrorCode, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node interop.mjs <mcp endpoint url>');
  process.exit(2);
}

async function main() {
  const client = new Client({ name: 'forgeline-interop', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint));
  await client.connect(transport);

  assert.ok(transport.sessionId, 'the server assigned an Mcp-Session-Id');
  assert.equal(transport.protocolVersion, LATEST_PROTOCOL_VERSION, 'negotiated the SDK\'s newest revision');
  assert.equal(client.getServerVersion()?.name, 'forgeline-gateway');
  assert.ok(client.getServerCapabilities()?.tools, 'tools capability advertised');

  await client.ping();

  const { tools } = await client.listTools();
  const echo = tools.find((t) => t.name === 'echo');
  assert.ok(echo, 'echo is listed');
  assert.deepEqual(echo.inputSchema.required, ['message']);

  const message = 'hello from the TypeScript SDK ✓';
  const progress = [];
  const result = await client.callTool(
    { name: 'echo', arguments: { message } },
    undefined,
    { onprogress: (p) => progress.push(p) },
  );
  assert.deepEqual(result.content, [{ type: 'text', text: message }]);
  assert.ok(!result.isError, 'echo succeeded');
  assert.equal(progress.length, 1, 'one progress notification arrived on the SSE stream before the result');

  const invalid = await client.callTool({ name: 'echo', arguments: {} });
  assert.equal(invalid.isError, true, 'a missing argument is a tool execution error');

  await assert.rejects(
    client.callTool({ name: 'no-such-tool', arguments: {} }),
    (e) => e instanceof McpError && e.code === ErrorCode.InvalidParams,
    'an unknown tool is a -32602 protocol error',
  );

  const sessionId = transport.sessionId;
  await transport.terminateSession();
  assert.equal(transport.sessionId, undefined, 'DELETE ended the session');
  await client.close();

  console.log(JSON.stringify({
    ok: true,
    sessionId,
    protocolVersion: LATEST_PROTOCOL_VERSION,
    tools: tools.map((t) => t.name),
    echoed: result.content[0].text,
    progressNotifications: progress.length,
  }));
}

main().catch((e) => {
  console.error(`interop failed: ${e?.stack ?? e}`);
  process.exit(1);
});
