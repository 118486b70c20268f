// The official MCP TypeScript SDK as a stateless Streamable HTTP server answering JSON
// (sessionIdGenerator: undefined, enableJsonResponse: true), with the gateway's echo tool, on
// node:http. As the SDK documents for stateless mode, each request gets a new server and transport.
// Usage: node server.mjs PORT (0 picks a free one). Prints "listening on PORT" once it serves.
import http from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const port = Number(process.argv[2]);

function newServer() {
  const server = new McpServer({ name: "mcp-ts-sdk-echo", version: "0" });
  server.registerTool("echo", {
    title: "Echo",
    description: "Returns the given message unchanged.",
    inputSchema: { message: z.string().describe("The text to echo back.") },
  }, async ({ message }) => ({ content: [{ type: "text", text: message }] }));
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/mcp") {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    res.writeHead(400, { "Content-Type": "application/json" })
      .end('{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}');
    return;
  }
  const server = newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
});
httpServer.keepAliveTimeout = 30_000;
httpServer.listen(port, "127.0.0.1", () => console.log(`listening on ${httpServer.address().port}`));
