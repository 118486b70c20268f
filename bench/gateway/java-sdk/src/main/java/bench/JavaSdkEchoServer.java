package bench;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.AbstractHttp11Protocol;

/**
 * The official MCP Java SDK, stateless Streamable HTTP (HttpServletStatelessServerTransport, which
 * answers application/json) on embedded Tomcat, with the gateway's echo tool. Usage: PORT (0 picks a free one).
 * Prints "listening on PORT" once it serves.
 */
public final class JavaSdkEchoServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .messageEndpoint("/mcp").build();
        McpSchema.Tool echo = McpSchema.Tool.builder().name("echo").title("Echo")
                .description("Returns the given message unchanged.")
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of("message", Map.of("type", "string", "description", "The text to echo back.")),
                        "required", List.of("message")))
                .build();
        McpServer.sync(transport)
                .serverInfo("mcp-java-sdk-echo", "0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpStatelessServerFeatures.SyncToolSpecification.builder().tool(echo)
                        .callHandler((context, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("message"))).build())
                        .build())
                .build();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(java.nio.file.Files.createTempDirectory("mcp-java-sdk-echo").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
            http.setMaxKeepAliveRequests(-1); // as the gateway: a kept-alive connection is never cut by count
        }
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();
        System.out.println("listening on " + connector.getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }
}
