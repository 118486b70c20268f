-- wrk script: every request is a JSON-RPC tools/call of the echo tool, in the stateless
-- (2026-07-28) form for the gateway, or plain for the SDK servers (set by BENCH_TARGET).
local target = os.getenv("BENCH_TARGET") or "gateway"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
if target == "gateway" then
  wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
  wrk.headers["Mcp-Method"] = "tools/call"
  wrk.headers["Mcp-Name"] = "echo"
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"},'
    .. '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
else
  wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'
end

-- Each wrk thread has its own Lua state: bad_responses is global there, and done() sums them.
bad_responses = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"hello"', 1, true) then
    bad_responses = bad_responses + 1
    if bad_responses <= 3 then
      io.stderr:write("unexpected response " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad_responses") or 0)
  end
  local e = summary.errors
  -- One machine-readable line for bench/gateway-throughput.sh.
  io.write(string.format("BENCH rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout + bad))
end
