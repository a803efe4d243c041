// A loopback Bedrock runtime over HTTP/2 cleartext (the SDK speaks HTTP/2 to Bedrock runtime):
// JSON for Converse/InvokeModel, AWS event-stream framing (via the SDK's own codec) for
// ConverseStream/InvokeModelWithResponseStream. It records the model id each call addressed,
// its body and the access key that signed it.
import { createServer, type Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { readBody, signingAccessKey } from "./runtimeSigV4";

export interface BedrockCall {
  readonly operation: "converse" | "converse-stream" | "invoke" | "invoke-with-response-stream";
  /** Decoded model id from the path: for tenant calls, an inference profile ARN. */
  readonly modelId: string;
  readonly body: unknown;
  readonly signedBy: string | undefined;
}

export interface BedrockEndpoint {
  readonly endpoint: string;
  readonly calls: BedrockCall[];
  stop(): Promise<void>;
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => new Uint8Array(Buffer.from(text, "utf8")),
);

function event(type: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: type },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload))),
  });
}

export async function startBedrockEndpoint(): Promise<BedrockEndpoint> {
  const calls: BedrockCall[] = [];
  const server = createServer(async (req, res) => {
    const match =
      /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/.exec(
        req.url ?? "",
      );
    const raw = (await readBody(req)).toString("utf8");
    if (match === null) return sendJson(res, 404, { message: "unknown route" });
    const modelId = decodeURIComponent(match[1] as string);
    const operation = match[2] as BedrockCall["operation"];
    calls.push({
      operation,
      modelId,
      body: raw === "" ? undefined : JSON.parse(raw),
      signedBy: signingAccessKey(req),
    });
    const reply = `reply from ${modelId}`;
    switch (operation) {
      case "converse":
        return sendJson(res, 200, {
          output: { message: { role: "assistant", content: [{ text: reply }] } },
          stopReason: "end_turn",
          usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
          metrics: { latencyMs: 1 },
        });
      case "invoke":
        return sendJson(res, 200, { completion: reply });
      case "converse-stream":
        return sendStream(res, [
          event("messageStart", { role: "assistant" }),
          event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: reply } }),
          event("contentBlockStop", { contentBlockIndex: 0 }),
          event("messageStop", { stopReason: "end_turn" }),
        ]);
      case "invoke-with-response-stream":
        return sendStream(res, [
          event("chunk", {
            bytes: Buffer.from(JSON.stringify({ completion: reply })).toString("base64"),
          }),
        ]);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendJson(res: Http2ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sendStream(res: Http2ServerResponse, frames: Uint8Array[]): void {
  res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
  for (const frame of frames) res.write(frame);
  res.end();
}
