// A loopback STS that speaks the awsQuery wire format of AssumeRole and mints one distinct
// access key per session, so tests can trace every data-plane request back to a tenant.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, signingAccessKey } from "./runtimeSigV4";

export interface AssumeRoleCall {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly sourceIdentity: string | undefined;
  readonly durationSeconds: number;
  readonly tags: Record<string, string>;
  /** Access key that signed the AssumeRole call (the workload's own). */
  readonly signedBy: string | undefined;
}

export interface MintedSession {
  readonly tenantId: string;
  readonly roleArn: string;
  readonly sourceIdentity: string | undefined;
}

/** How every AssumeRole fails while an outage lasts. */
export type StsFault = "throttling" | "unavailable" | "hang";

export interface StsEndpoint {
  readonly endpoint: string;
  readonly calls: AssumeRoleCall[];
  /** Access key id -> the session it belongs to. */
  readonly sessions: Map<string, MintedSession>;
  /** Answer the next `n` AssumeRole calls with `Throttling`. */
  throttleNext(n: number): void;
  /** Refuse every AssumeRole for this tenant with `AccessDenied`. */
  denyTenant(tenantId: string | undefined): void;
  /** Delay each answer, so concurrent callers really overlap (or answer slowly). */
  delayMs: number;
  /**
   * Fail every AssumeRole until cleared: `throttling` (400 Throttling), `unavailable` (503
   * ServiceUnavailable), `hang` (never answer; the caller must time out).
   */
  outage: StsFault | undefined;
  reset(): void;
  stop(): Promise<void>;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export async function startStsEndpoint(): Promise<StsEndpoint> {
  let throttle = 0;
  let denied: string | undefined;
  let counter = 0;
  const calls: AssumeRoleCall[] = [];
  const sessions = new Map<string, MintedSession>();

  const server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    const tags: Record<string, string> = {};
    for (let i = 1; form.has(`Tags.member.${i}.Key`); i += 1) {
      tags[form.get(`Tags.member.${i}.Key`) as string] = form.get(`Tags.member.${i}.Value`) ?? "";
    }
    const call: AssumeRoleCall = {
      roleArn: form.get("RoleArn") ?? "",
      roleSessionName: form.get("RoleSessionName") ?? "",
      sourceIdentity: form.get("SourceIdentity") ?? undefined,
      durationSeconds: Number(form.get("DurationSeconds") ?? 3600),
      tags,
      signedBy: signingAccessKey(req),
    };
    calls.push(call);
    if (api.delayMs > 0) await new Promise((r) => setTimeout(r, api.delayMs));
    res.setHeader("content-type", "text/xml");
    if (form.get("Action") !== "AssumeRole")
      return sendError(res, "InvalidAction", "Only AssumeRole");
    if (api.outage === "hang") return; // the socket stays open until the client gives up
    if (api.outage === "throttling") return sendError(res, "Throttling", "Rate exceeded");
    if (api.outage === "unavailable")
      return sendError(res, "ServiceUnavailable", "Service unavailable", 503, "Receiver");
    if (throttle > 0) {
      throttle -= 1;
      return sendError(res, "Throttling", "Rate exceeded");
    }
    if (denied !== undefined && tags.tenantId === denied)
      return sendError(res, "AccessDenied", "Not authorized", 403);

    counter += 1;
    const accessKeyId = `ASIATENANT${String(counter).padStart(6, "0")}`;
    sessions.set(accessKeyId, {
      tenantId: tags.tenantId ?? "",
      roleArn: call.roleArn,
      sourceIdentity: call.sourceIdentity,
    });
    const expiration = new Date(Date.now() + call.durationSeconds * 1000).toISOString();
    const roleName = call.roleArn.split("/").pop();
    res.end(
      `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
        (call.sourceIdentity ? `<SourceIdentity>${call.sourceIdentity}</SourceIdentity>` : "") +
        `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${roleName}/${call.roleSessionName}</Arn>` +
        `<AssumedRoleId>AROATEST:${call.roleSessionName}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>secret${counter}</SecretAccessKey>` +
        `<SessionToken>token${counter}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<PackedPolicySize>1</PackedPolicySize></AssumeRoleResult>` +
        `<ResponseMetadata><RequestId>req-${counter}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: StsEndpoint = {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    sessions,
    delayMs: 0,
    outage: undefined,
    throttleNext(n) {
      throttle = n;
    },
    denyTenant(tenantId) {
      denied = tenantId;
    },
    reset() {
      calls.length = 0;
      throttle = 0;
      denied = undefined;
      api.delayMs = 0;
      api.outage = undefined;
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function sendError(
  res: import("node:http").ServerResponse,
  code: string,
  message: string,
  status = 400,
  type: "Sender" | "Receiver" = "Sender",
): void {
  res.statusCode = status;
  res.end(
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>err</RequestId></ErrorResponse>`,
  );
}
